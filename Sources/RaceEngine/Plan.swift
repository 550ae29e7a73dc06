import RaceModel
import RaceSyntax

/// A model lowered for running (DESIGN.md "lower once, run many"): every formula compiled
/// into one table of instructions, every entity and chip an index, actions bucketed by the
/// month they happen in, and every row of lane memory a run needs counted. Making a plan is
/// cheap; one plan runs many times (once per block of samples, once per REPL edit).
///
/// The tables the month loop reads are plain values (ranges into shared lists, formula
/// numbers), so reading an action or a rule copies no array and counts no reference.
public struct Plan: Sendable {
    public let model: Model
    /// Every compiled formula, one after another: formula i is `code[codeStart[i]..<codeStart[i + 1]]`.
    var code: [Instruction] = []
    var codeStart: [Int] = [0]
    /// The deepest any formula's value stack goes.
    var stackDepth = 1
    /// The compiled formula of each `let`, and whether it has a parameter.
    var letFormulas: [Int] = []
    /// The compiled formula of each param's value.
    var paramFormulas: [Int] = []
    /// The params each param's formula reads itself (not through a `let`): worked out first,
    /// one after another, so a chain of params costs no depth of evaluation.
    var paramUses: [[Int]] = []
    /// The report's `let` columns (indices of `letFormulas`).
    var reportFormulas: [Int] = []
    /// Formulas recorded every month besides the report (the REPL's `:plot EXPR`), bound to no entity.
    var watchFormulas: [Int] = []
    var chips: [ChipPlan] = []
    var entities: [EntityPlan] = []
    var labs: [Int] = []
    var companies: [Int] = []
    /// Every action of events and rules; an event's or rule's actions are consecutive.
    var actions: [ActionPlan] = []
    /// Where each action came from (the model's declaration), and the `for each` variable of
    /// its rule: what the event log needs to say it in words.
    var declarations: [ActionDeclaration] = []
    var variables: [String?] = []
    /// Entities and formulas an action lists (a round's investors and their amounts).
    var entityLists: [Int] = []
    var formulaLists: [Int] = []
    /// The flows `set X.revenue = …` installs.
    var flows: [FlowPlan] = []
    /// For each step, the events dated then, in source order: a certain event's actions, or
    /// an uncertain event (`uncertainEvents`), which is in every step's list at its place.
    var eventsByStep: [[EventSlot]] = []
    /// Events whose date, delay or happening differs between samples (docs/reference/uncertain-events.md).
    var uncertainEvents: [UncertainEventPlan] = []
    var rules: [RulePlan] = []
    var expectations: [ExpectationPlan] = []
    /// `observe …` (docs/reference/observations.md): what each observes, recorded per lane at its step.
    var observations: [ObservationPlan] = []
    var distributions: [DistributionPlan] = []
    /// Scratch rows the largest action takes for its amounts.
    var actionScratchRows = 0
    /// A feature of the model this engine cannot run yet, and where: every run stops on it.
    var unsupported: (RunFeature, Span?)? = nil

    init(model: Model) { self.model = model }

    public var steps: Int { model.steps }
    public var entityCount: Int { entities.count }
    var formulaCount: Int { codeStart.count - 1 }

    /// The actions and their rules' variables, as `RunResult` hands them to the reports.
    public var actionDeclarations: [ActionDeclaration] { declarations }
}

struct ChipPlan: Sendable {
    var price: Int?
    var priceGrowth: GrowthPlan?
    var perf: Int?
    var power: Int?
    var opex: Int?
    var rent: Int?
    var lead: Int?
    /// First step it may be used, or nil.
    var availableStep: Int?
}

struct GrowthPlan: Sendable {
    var rate: Int
    var falling: Bool
    var period: Double
}

struct StreamPlan: Sendable {
    var initial: Int
    var growth: GrowthPlan?
}

enum FlowPlan: Sendable {
    case streams([StreamPlan])
    case formula(Int)
}

struct EntityPlan: Sendable {
    var isLab: Bool
    var tracksCash: Bool
    var cash: Int?
    var revenue: FlowPlan
    var burn: FlowPlan
    var fleet: [(chip: Int, count: Int)]
    var valuation: Int?
    var owners: [(holder: Int, share: Int)]
    var utilization: Int?
    /// The step it enters the race in (docs/reference/uncertain-events.md), as a static formula; nil for an ordinary entity.
    var founded: Int?
    var span: Span
}

/// An action with its formulas compiled; entities are indices, `-1` the one a `for each`
/// rule is bound to. Lists are ranges into the plan's `entityLists` and `formulaLists`.
struct ActionPlan: Sendable {
    enum Kind: Sendable {
        case raise(company: Int, amount: Int, valuation: Int, pre: Bool, investors: Range<Int>, amounts: Range<Int>?)
        case invest(investor: Int, amount: Int, target: Int, valuation: Int?, pre: Bool)
        case buyStake(buyer: Int, share: Int, target: Int, price: Int)
        /// `X buys N CHIP [from Y] [for A]`: `price` the agreed total, or nil for the list price.
        case buyChips(buyer: Int, count: Int, chip: Int, seller: Int?, price: Int?)
        case buyChipsWorth(buyer: Int, amount: Int, chip: Int, seller: Int?)
        /// `X rents CHIP from Y for A over D` (`quantity` nil: chips from the amount) and
        /// `X rents Q CHIP from Y [for A] over D` (`quantity` a count, or watts with `isPower`).
        case rent(renter: Int, chip: Int, provider: Int, quantity: Int?, isPower: Bool, amount: Int?, months: Int)
        case build(builder: Int, power: Int, chip: Int, amount: Int, months: Int)
        case acquire(buyer: Int, target: Int, price: Int?)
        case acquihire(buyer: Int, target: Int, price: Int?)
        case setCash(Int, Int)
        case setValuation(Int, Int)
        case setUtilization(Int, Int)
        /// `set X.revenue/burn = …`: the flow is `flows[flow]`.
        case setFlow(Int, revenue: Bool, flow: Int)
        case exit(Int)
        case note
        /// `X borrows A [from Y] at R over D`.
        case borrow(borrower: Int, amount: Int, lender: Int?, rate: GrowthPlan, months: Int)
        /// `Z buys P of X from Y for A` (`seller` nil: from others).
        case secondarySale(buyer: Int, share: Int, target: Int, seller: Int?, price: Int)
        /// `set X.owners = H1 P1, …`: holders in `entityLists`, shares in `formulaLists`.
        case setOwners(Int, holders: Range<Int>, shares: Range<Int>)
        /// `X pays A to Y`.
        case payOnce(payer: Int, amount: Int, payee: Int)
        /// `X pays R to Y for D`.
        case payContract(payer: Int, rate: Int, payee: Int, months: Int)
        /// An action of v2 this engine does not carry out yet: performing it stops the run.
        case unsupported(RunFeature)
    }
    var kind: Kind
    var subject: Int?
    /// The entities it names (`entityLists`): if one has left, the action is skipped.
    var named: Range<Int>
}

struct RulePlan: Sendable {
    var isRepeating: Bool
    var condition: Int
    /// Its actions: `actions[actions]`.
    var actions: Range<Int>
    /// The kind of entity it runs for under `for each`, or nil (no binding).
    var forEach: EntityKind?
}

/// A month's event: a certain one's actions, or uncertain event k.
enum EventSlot: Sendable {
    case certain(Range<Int>)
    case uncertain(Int)
}

/// An event whose schedule is drawn per sample: steps relative to start, as static formulas.
struct UncertainEventPlan: Sendable {
    /// `Model.events[event]`.
    var event: Int
    var actions: Range<Int>
    var first: Int
    var period: Int?
    var last: Int?
    var happens: Int?
}

struct ExpectationPlan: Sendable {
    var formula: Int
    var step: Int
    /// The step as a static formula when it is uncertain.
    var at: Int?
    /// The two sides of a comparison, for a failure's message.
    var sides: [Int]
}

struct ObservationPlan: Sendable {
    /// The observed expression or condition.
    var formula: Int
    var step: Int
    /// The step as a static formula when it is uncertain.
    var at: Int?
    /// `= VALUE ± ERROR`: the value and error (static); nil for a condition.
    var observed: Int?
    var error: Int?
}

struct DistributionPlan: Sendable {
    var shape: Distribution.Shape
    var first: Int
    var second: Int
    /// `Distribution.key`: names the random stream Monte Carlo draws it from.
    var key: String = ""
    /// Where it is written, for an error in its bounds.
    var span: Span? = nil
}
