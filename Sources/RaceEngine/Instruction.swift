import RaceModel

/// One step of a compiled formula: a small stack machine over doubles (DESIGN.md:
/// "a compact instruction sequence over slots"). Entities are indices; `-1` means the
/// entity bound by the innermost `for each`, formula parameter or aggregate.
enum Instruction: Sendable {
    case push(Double)
    case param(Int)
    case distribution(Int)
    case monthsSinceStart
    case currentDate
    case labsActive
    case quantity(entity: Int, EntityQuantity)
    case stake(entity: Int, holder: Int)
    /// Runs the next `length` instructions once per active lab with it bound, and combines the results.
    case aggregate(Aggregate, length: Int)
    /// Evaluates `let` formula `index` with `entity` bound (or the current binding when `-1`
    /// and the formula has a parameter).
    case formula(Int, entity: Int)
    case negate
    case not
    case add, subtract, multiply, divide, power
    case compare(ComparisonOperator)
    case and, or
    case function(MathFunction)
    case binaryFunction(BinaryMathFunction)
    /// Pops else, then, condition; pushes the chosen one.
    case select
}

/// Turns checked formulas into instruction sequences.
enum FormulaCompiler {
    /// Appends the formula's instructions to `code` and returns how deep its value stack can
    /// get, so the evaluator can size its stack once.
    static func compile(_ formula: Formula, into code: inout [Instruction]) -> Int {
        var depth = 0, maximum = 0
        emit(formula, into: &code, depth: &depth, maximum: &maximum)
        return maximum
    }

    private static func entityIndex(_ reference: EntityReference) -> Int {
        switch reference {
        case .entity(let i): return i
        case .bound: return -1
        }
    }

    private static func push(_ depth: inout Int, _ maximum: inout Int) {
        depth += 1
        maximum = max(maximum, depth)
    }

    private static func emit(_ formula: Formula, into code: inout [Instruction], depth: inout Int, maximum: inout Int) {
        switch formula {
        case .constant(let v): code.append(.push(v)); push(&depth, &maximum)
        case .param(let i): code.append(.param(i)); push(&depth, &maximum)
        case .distribution(let d): code.append(.distribution(d.id)); push(&depth, &maximum)
        case .monthsSinceStart: code.append(.monthsSinceStart); push(&depth, &maximum)
        case .currentDate: code.append(.currentDate); push(&depth, &maximum)
        case .labsActive: code.append(.labsActive); push(&depth, &maximum)
        case let .quantity(entity, quantity):
            code.append(.quantity(entity: entityIndex(entity), quantity)); push(&depth, &maximum)
        case let .stake(entity, holder):
            code.append(.stake(entity: entityIndex(entity), holder: entityIndex(holder))); push(&depth, &maximum)
        case let .aggregate(kind, body):
            var bodyCode: [Instruction] = []
            var bodyDepth = 0, bodyMaximum = 0
            emit(body, into: &bodyCode, depth: &bodyDepth, maximum: &bodyMaximum)
            code.append(.aggregate(kind, length: bodyCode.count))
            code.append(contentsOf: bodyCode)
            // The body runs on a fresh part of the stack above the current depth.
            maximum = max(maximum, depth + bodyMaximum + 1)
            push(&depth, &maximum)
        case let .formula(index, argument):
            code.append(.formula(index, entity: argument.map(entityIndex) ?? -1)); push(&depth, &maximum)
        case .negate(let a): emit(a, into: &code, depth: &depth, maximum: &maximum); code.append(.negate)
        case .not(let a): emit(a, into: &code, depth: &depth, maximum: &maximum); code.append(.not)
        case let .function(f, a): emit(a, into: &code, depth: &depth, maximum: &maximum); code.append(.function(f))
        case let .arithmetic(op, a, b):
            emit(a, into: &code, depth: &depth, maximum: &maximum)
            emit(b, into: &code, depth: &depth, maximum: &maximum)
            depth -= 1
            switch op {
            case .add: code.append(.add)
            case .subtract: code.append(.subtract)
            case .multiply: code.append(.multiply)
            case .divide: code.append(.divide)
            case .power: code.append(.power)
            }
        case let .comparison(op, a, b):
            emit(a, into: &code, depth: &depth, maximum: &maximum)
            emit(b, into: &code, depth: &depth, maximum: &maximum)
            depth -= 1
            code.append(.compare(op))
        case let .logical(op, a, b):
            emit(a, into: &code, depth: &depth, maximum: &maximum)
            emit(b, into: &code, depth: &depth, maximum: &maximum)
            depth -= 1
            code.append(op == .and ? .and : .or)
        case let .binaryFunction(f, a, b):
            emit(a, into: &code, depth: &depth, maximum: &maximum)
            emit(b, into: &code, depth: &depth, maximum: &maximum)
            depth -= 1
            code.append(.binaryFunction(f))
        case let .conditional(c, a, b):
            emit(c, into: &code, depth: &depth, maximum: &maximum)
            emit(a, into: &code, depth: &depth, maximum: &maximum)
            emit(b, into: &code, depth: &depth, maximum: &maximum)
            depth -= 2
            code.append(.select)
        }
    }
}
