/// The version of race: the language, the libraries and the `race` command, released together.
///
/// The one place it is written: `race --version` prints it, the CHANGELOG's newest entry and
/// the release tag (`git tag 0.2.0`) match it, and the package test tags its clone with it.
public enum RaceVersion {
    public static let current = "0.2.0"
}
