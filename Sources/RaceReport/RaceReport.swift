/// Tables, number formatting, CSV, JSON and diffs of results.
public enum RaceReport {}
