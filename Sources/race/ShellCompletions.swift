import RaceSyntax
/// Completion scripts for bash, zsh and fish, made from a `ProgramSpec`: every command, its
/// options and the values they take come from the same specs that parse the command line.
enum ShellCompletions {
    enum Shell: String, CaseIterable {
        case bash, zsh, fish
    }

    static func script(for shell: Shell, program: ProgramSpec) -> String {
        switch shell {
        case .bash: return bash(program)
        case .zsh: return zsh(program)
        case .fish: return fish(program)
        }
    }

    /// What a shell completes at each position after the command: one kind for every position
    /// when the arguments agree (`FILE...`), else one per position, the last for any beyond
    /// (`race plot FILE FIELD,...`).
    private static func positionalKinds(_ spec: CommandSpec) -> [CompletionKind] {
        let kinds = spec.arguments.map(\.completion)
        guard let first = kinds.first else { return [] }
        return kinds.allSatisfy { $0 == first } ? [first] : kinds
    }

    /// Every spelling of the options of `spec` (and the common ones) that take a value: the
    /// words after which the next word is a value, not an argument.
    private static func valueSpellings(_ spec: CommandSpec) -> [String] {
        spec.allOptions.filter(\.takesValue).flatMap(\.spellings)
    }

    private static func header(_ program: ProgramSpec, _ shell: Shell, install: String) -> String {
        """
        # \(shell.rawValue) completion for \(program.name) \(program.version), made by `\(program.name) completions \(shell.rawValue)`.
        # \(install)

        """
    }

    // MARK: - bash

    private static func bash(_ program: ProgramSpec) -> String {
        let name = program.name
        let common = ProgramSpec.commonOptions
        let topWords = program.specs.map(\.name) + ["help"] + common.map { "--" + $0.name } + ["--help", "--version"]
        var text = header(program, .bash, install: "Install: \(name) completions bash > ~/.local/share/bash-completion/completions/\(name)")
        text += """
        _\(name)_files() {
            local IFS=$'\\n'
            COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.race' -- "$cur"))
        }

        # The word after the last comma of a list (cash,run → cash,runway).
        _\(name)_list() {
            local prefix=""
            [[ "$cur" == *,* ]] && prefix="${cur%,*},"
            COMPREPLY=($(compgen -P "$prefix" -W "$1" -- "${cur##*,}"))
        }

        # How many arguments come between the command (at $1) and the word being completed,
        # not counting options and the values of those in $2.
        _\(name)_position() {
            local n=0 j=$(($1 + 1))
            while [ "$j" -lt "$COMP_CWORD" ]; do
                case " $2 " in
                    *" ${COMP_WORDS[j]} "*) j=$((j + 2)); continue ;;
                esac
                case "${COMP_WORDS[j]}" in
                    -?*) ;;
                    *) n=$((n + 1)) ;;
                esac
                j=$((j + 1))
            done
            echo "$n"
        }

        _\(name)() {
            local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
            local command="" i=1
            while [ "$i" -lt "$COMP_CWORD" ]; do
                case "${COMP_WORDS[i]}" in
        \(common.filter(\.takesValue).map { "            --\($0.name)) i=$((i + 2)); continue ;;\n" }.joined())\
                    -*) ;;
                    *) command="${COMP_WORDS[i]}"; break ;;
                esac
                i=$((i + 1))
            done
            case "$prev" in
        \(bashValueCases(common, name))\
            esac
            case "$command" in
                "") COMPREPLY=($(compgen -W "\(topWords.joined(separator: " "))" -- "$cur")) ;;
                help) COMPREPLY=($(compgen -W "\(program.specs.map(\.name).joined(separator: " "))" -- "$cur")) ;;

        """
        for spec in program.specs {
            let options = spec.options.flatMap(\.spellings) + common.map { "--" + $0.name } + ["--help"]
            text += "        \(spec.name))\n"
            text += "            case \"$prev\" in\n\(bashValueCases(spec.options, name).indented(by: 4))            esac\n"
            text += "            if [[ \"$cur\" == -* ]]; then\n"
            text += "                COMPREPLY=($(compgen -W \"\(options.joined(separator: " "))\" -- \"$cur\"))\n"
            let kinds = positionalKinds(spec)
            if kinds.count == 1, kinds[0] != .none {
                text += "            else\n                \(bashAction(kinds[0], name))\n"
            } else if kinds.count > 1 {
                text += "            else\n"
                text += "                case \"$(_\(name)_position \"$i\" \"\(valueSpellings(spec).joined(separator: " "))\")\" in\n"
                for (position, kind) in kinds.enumerated() {
                    let pattern = position == kinds.count - 1 ? "*" : String(position)
                    text += "                    \(pattern)) \(bashAction(kind, name)) ;;\n"
                }
                text += "                esac\n"
            }
            text += "            fi ;;\n"
        }
        text += """
            esac
        }

        complete -o filenames -F _\(name) \(name)

        """
        return text
    }

    /// `--format) COMPREPLY=(...); return ;;` for each option that takes a value.
    private static func bashValueCases(_ options: [OptionSpec], _ name: String) -> String {
        options.filter(\.takesValue).map { option in
            "        \(option.spellings.joined(separator: "|"))) \(bashAction(option.completion, name)); return ;;\n"
        }.joined()
    }

    /// What bash runs to complete `$cur` as `kind`.
    private static func bashAction(_ kind: CompletionKind, _ name: String) -> String {
        switch kind {
        case .choices(let words): return "COMPREPLY=($(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\"))"
        case .list(let words): return "_\(name)_list \"\(words.joined(separator: " "))\""
        case .scenarioFiles: return "_\(name)_files"
        case .files: return "COMPREPLY=($(compgen -f -- \"$cur\"))"
        case .none: return "COMPREPLY=()"
        }
    }

    // MARK: - zsh

    private static func zsh(_ program: ProgramSpec) -> String {
        let name = program.name
        var text = "#compdef \(name)\n" + header(program, .zsh, install: "Install: \(name) completions zsh > \"${fpath[1]}/_\(name)\" (a folder in $fpath), then restart zsh")
        text += "_\(name)() {\n    local context state state_descr line\n    typeset -A opt_args\n    local -a commands\n"
        text += "    commands=(\n"
        for spec in program.specs {
            text += "        \(zshQuoted("\(spec.name):\(spec.abstract)"))\n"
        }
        text += "        'help:Show the help of race or of a command.'\n    )\n"
        text += "    _arguments -C \\\n"
        for option in ProgramSpec.commonOptions { text += "        \(zshOption(option)) \\\n" }
        text += "        '(- *)'{-h,--help}'[Show the help.]' \\\n"
        text += "        '(- *)'{-V,--version}'[Print the version.]' \\\n"
        text += "        '1: :->command' \\\n        '*:: :->arguments'\n"
        text += "    case $state in\n        command) _describe -t commands 'race command' commands ;;\n"
        text += "        arguments)\n            case $words[1] in\n"
        text += "                help) _describe -t commands 'race command' commands ;;\n"
        for spec in program.specs {
            text += "                \(spec.name)) _arguments \\\n"
            for option in spec.allOptions { text += "                    \(zshOption(option)) \\\n" }
            text += "                    '(- *)'{-h,--help}'[Show the help.]'"
            let kinds = positionalKinds(spec)
            for (position, kind) in kinds.enumerated() where kind != .none {
                let argument = spec.arguments[position]
                let last = position == kinds.count - 1
                let place = kinds.count == 1 || (last && argument.repeats) ? "*" : String(position + 1)
                let label = kind == .scenarioFiles ? "scenario file" : argument.name.prefix { $0.isLetter }.lowercased()
                text += " \\\n                    '\(place):\(label):\(zshAction(kind, label: label))'"
            }
            text += " ;;\n"
        }
        text += "            esac ;;\n    esac\n}\n\n_\(name) \"$@\"\n"
        return text
    }

    /// `'--format=[How to print.]:format:(table csv json)'`, and for an option with a short
    /// spelling `'(-o --output)'{-o,--output=}'[…]:PATH:_files'`.
    private static func zshOption(_ option: OptionSpec) -> String {
        let help = zshEscaped(option.help)
        switch option.kind {
        case .flag:
            return "'--\(option.name)[\(help)]'"
        case .value(let placeholder), .repeatedValue(let placeholder):
            let repeats: String
            if case .repeatedValue = option.kind { repeats = "*" } else { repeats = "" }
            let action = zshAction(option.completion, label: option.name)
            let rest = "[\(help)]:\(zshEscaped(placeholder)):\(action)'"
            if let short = option.short {
                return "'\(repeats)(-\(short) --\(option.name))'{-\(short),--\(option.name)=}'" + rest
            }
            return "'\(repeats)--\(option.name)=" + rest
        }
    }

    /// What zsh runs to complete a value of `kind`, inside a single-quoted spec.
    private static func zshAction(_ kind: CompletionKind, label: String) -> String {
        switch kind {
        case .choices(let words): return "(\(words.joined(separator: " ")))"
        case .list(let words): return "_values -s , \(label) \(words.joined(separator: " "))"
        case .scenarioFiles: return "_files -g \"*.race(-.)\""
        case .files: return "_files"
        case .none: return " "
        }
    }

    /// Inside `'…[HELP]…'`: brackets and colons escaped, single quotes closed and reopened.
    private static func zshEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "[", "]", ":", "\\": out += "\\" + String(character)
            case "'": out += "'\\''"
            default: out.append(character)
            }
        }
        return out
    }

    private static func zshQuoted(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "'\\''") + "'"
    }

    // MARK: - fish

    private static func fish(_ program: ProgramSpec) -> String {
        let name = program.name
        var text = header(program, .fish, install: "Install: \(name) completions fish > ~/.config/fish/completions/\(name).fish")
        text += """
        # How many arguments follow the command, not counting options and the values of those in argv.
        function __\(name)_position
            set -l tokens (commandline -opc)
            set -e tokens[1]
            set -l n -1
            set -l skip 0
            for token in $tokens
                if test $skip -eq 1
                    set skip 0
                else if contains -- $token $argv
                    set skip 1
                else if not string match -q -- '-?*' $token
                    set n (math $n + 1)
                end
            end
            echo $n
        end

        # The words of argv after what the current token has up to its last comma (cash,run → cash,runway).
        function __\(name)_list
            set -l token (commandline -ct)
            set -l prefix ''
            string match -q -- '*,*' $token; and set prefix (string replace -r -- '[^,]*$' '' $token)
            printf '%s\\n' $prefix$argv
        end

        complete -c \(name) -f

        """
        let names = (program.specs.map(\.name) + ["help"]).joined(separator: " ")
        for spec in program.specs {
            text += "complete -c \(name) -n __fish_use_subcommand -a \(spec.name) -d \(fishQuoted(spec.abstract))\n"
        }
        text += "complete -c \(name) -n __fish_use_subcommand -a help -d 'Show the help of race or of a command.'\n"
        text += "complete -c \(name) -n '__fish_seen_subcommand_from help' -a \(fishQuoted(names))\n"
        text += "complete -c \(name) -n __fish_use_subcommand -s V -l version -d 'Print the version.'\n"
        text += "complete -c \(name) -s h -l help -d 'Show the help.'\n"
        for option in ProgramSpec.commonOptions { text += "complete -c \(name)\(fishOption(option, name))\n" }
        for spec in program.specs {
            let condition = " -n '__fish_seen_subcommand_from \(spec.name)'"
            for option in spec.options { text += "complete -c \(name)\(condition)\(fishOption(option, name))\n" }
            let kinds = positionalKinds(spec)
            for (position, kind) in kinds.enumerated() where kind != .none {
                var at = condition
                if kinds.count > 1 {
                    let test = position == kinds.count - 1 ? "-ge" : "-eq"
                    let values = valueSpellings(spec).joined(separator: " ")
                    at = " -n '__fish_seen_subcommand_from \(spec.name); and test (__\(name)_position \(values)) \(test) \(position)'"
                }
                text += "complete -c \(name)\(at)\(fishArguments(kind, name))\n"
            }
        }
        return text
    }

    /// ` -l format -x -a 'table csv json' -d '…'` (and ` -s o` for a short spelling).
    private static func fishOption(_ option: OptionSpec, _ name: String) -> String {
        var text = " -l \(option.name)" + (option.short.map { " -s \($0)" } ?? "")
        if option.takesValue { text += fishArguments(option.completion, name, forOption: true) }
        return text + " -d \(fishQuoted(option.help))"
    }

    /// ` -x -a '…'`: what fish offers for a value or an argument of `kind`.
    private static func fishArguments(_ kind: CompletionKind, _ name: String, forOption: Bool = false) -> String {
        switch kind {
        case .choices(let words): return " -x -a \(fishQuoted(words.joined(separator: " ")))"
        case .list(let words): return " -x -a '(__\(name)_list \(words.joined(separator: " ")))'"
        case .scenarioFiles: return forOption ? " -r -F" : " -k -a '(__fish_complete_suffix .race)'"
        case .files: return " -r -F"
        case .none: return forOption ? " -x" : ""
        }
    }

    private static func fishQuoted(_ text: String) -> String {
        "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }
}

extension String {
    /// The text with every non-empty line shifted right by `count` spaces.
    func indented(by count: Int) -> String {
        let pad = String(repeating: " ", count: count)
        return split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }
}
