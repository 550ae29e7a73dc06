import RaceSyntax

/// A name written in an expression, and the place it holds there: what decides whether
/// the checker will read it as a param, a `let`, or something else.
struct NameUse {
    enum Role {
        /// A bare name: `growth`, `market`.
        case value
        /// The function of a call: `share(L)`.
        case function
        /// A member: `L.share`.
        case member
        /// The field an aggregate is over: `total(share)`.
        case aggregateField
    }
    let name: Name
    let role: Role
}

extension Expression {
    /// Every name the expression uses, left to right, and how many nodes it has. The walk
    /// keeps its own stack: it is what finds cycles, so it must not itself recurse.
    func nameUses() -> (uses: [NameUse], nodes: Int) {
        var uses: [NameUse] = []
        var nodes = 0
        var pending: [Expression] = [self]
        while let node = pending.popLast() {
            nodes += 1
            var children: [Expression] = []
            switch node.kind {
            case .number, .money, .date, .string, .boolean:
                break
            case .name(let name):
                uses.append(NameUse(name: name, role: .value))
            case let .quantity(count, _):
                children = [count]
            case let .member(base, member):
                uses.append(NameUse(name: member, role: .member))
                children = [base]
            case let .call(function, arguments):
                uses.append(NameUse(name: function, role: .function))
                if Aggregate(rawValue: function.text) != nil, arguments.count == 1, case .name(let field) = arguments[0].kind {
                    uses.append(NameUse(name: field, role: .aggregateField))
                } else {
                    children = arguments
                }
            case let .memberCall(base, _, arguments):
                children = [base] + arguments
            case let .unary(_, operand):
                children = [operand]
            case let .binary(_, left, right), let .range(left, right):
                children = [left, right]
            case let .conditional(condition, then, otherwise):
                children = [condition, then, otherwise]
            }
            pending.append(contentsOf: children.reversed())
        }
        return (uses, nodes)
    }
}

/// Declarations that use each other (params, `let` formulas): the order to check them in,
/// dependencies first, and the cycles among them, found without recursion by Tarjan's
/// algorithm so that a chain of 100,000 params is as safe as one of two.
struct DependencyGraph {
    struct Edge {
        let target: Int
        /// Where the use is written, to point a cycle's error at.
        let span: Span
    }

    /// A cycle: the declarations on one closed path, the first-declared first, and where the
    /// first of them uses the second (itself, for a one-declaration cycle).
    struct Cycle {
        let path: [Int]
        let members: [Int]
        let span: Span
    }

    private(set) var edges: [[Edge]]

    init(count: Int) {
        edges = Array(repeating: [], count: count)
    }

    mutating func add(from user: Int, to used: Int, at span: Span) {
        edges[user].append(Edge(target: used, span: span))
    }

    /// Every node, each after all the nodes it depends on (outside its own cycle), and the
    /// cycles. Nodes are visited in index order, so ties keep declaration order.
    func analyse() -> (order: [Int], cycles: [Cycle]) {
        let components = stronglyConnectedComponents()
        var cycles: [Cycle] = []
        for component in components where component.count > 1 || edges[component[0]].contains(where: { $0.target == component[0] }) {
            cycles.append(cycle(through: component))
        }
        cycles.sort { $0.path[0] < $1.path[0] }
        return (components.flatMap { $0.sorted() }, cycles)
    }

    /// Tarjan's algorithm with an explicit stack. Components come out dependencies first.
    private func stronglyConnectedComponents() -> [[Int]] {
        let count = edges.count
        var index = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var next = 0
        func discover(_ node: Int) {
            index[node] = next
            low[node] = next
            next += 1
            stack.append(node)
            onStack[node] = true
        }
        for root in 0..<count where index[root] < 0 {
            discover(root)
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            while let (node, edge) = work.last {
                if edge < edges[node].count {
                    work[work.count - 1].edge += 1
                    let target = edges[node][edge].target
                    if index[target] < 0 {
                        discover(target)
                        work.append((target, 0))
                    } else if onStack[target] {
                        low[node] = min(low[node], index[target])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
                guard low[node] == index[node] else { continue }
                var component: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                components.append(component)
            }
        }
        return components
    }

    /// The shortest closed path from the component's first-declared node back to it.
    private func cycle(through component: [Int]) -> Cycle {
        let members = Set(component)
        let start = component.min()!
        var previous: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        var last = start
        search: while head < queue.count {
            let node = queue[head]
            head += 1
            for edge in edges[node] where members.contains(edge.target) {
                if edge.target == start {
                    last = node
                    break search
                }
                if previous[edge.target] == nil {
                    previous[edge.target] = node
                    queue.append(edge.target)
                }
            }
        }
        var path = [last]
        while let node = path.last, node != start, let before = previous[node] { path.append(before) }
        path.reverse()
        let second = path.count > 1 ? path[1] : start
        let span = edges[start].first { $0.target == second }!.span
        return Cycle(path: path, members: component.sorted(), span: span)
    }
}
