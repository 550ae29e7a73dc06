/// Lowering of a checked model into a plan, and the month loop.
public enum RaceEngine {}
