/// A REPL session: the statements typed so far, the model they check to, and the clock.
public enum RaceSession {}
