/// An `EntityStatus` as one Int32 per entity and sample.
enum StatusCode {
    /// How many codes there are: 0 to 5 + 2·(entities − 1).
    static func count(entities: Int) -> Int { 4 + 2 * entities }

    static func encode(_ status: EntityStatus) -> Int32 {
        switch status {
        case .active: return 0
        case .exited: return 1
        case .outOfCash: return 2
        case .notFounded: return 3
        case .acquired(let by): return 4 + 2 * Int32(by)
        case .acquihired(let by): return 5 + 2 * Int32(by)
        }
    }

    static func decode(_ code: Int32) -> EntityStatus {
        switch code {
        case 0: return .active
        case 1: return .exited
        case 2: return .outOfCash
        case 3: return .notFounded
        default: return code % 2 == 0 ? .acquired(by: Int((code - 4) / 2)) : .acquihired(by: Int((code - 5) / 2))
        }
    }
}
