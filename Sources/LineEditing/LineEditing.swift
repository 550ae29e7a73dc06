/// Line editing on libedit.
public enum LineEditing {}
