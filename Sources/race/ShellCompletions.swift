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

    /// The kind of every positional argument of a command (the commands' arguments are all
    /// of one kind: files, or one choice).
    private static func positionalKind(_ spec: CommandSpec) -> CompletionKind {
        spec.arguments.first?.completion ?? .none
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
        \(bashValueCases(common))\
            esac
            case "$command" in
                "") COMPREPLY=($(compgen -W "\(topWords.joined(separator: " "))" -- "$cur")) ;;
                help) COMPREPLY=($(compgen -W "\(program.specs.map(\.name).joined(separator: " "))" -- "$cur")) ;;

        """
        for spec in program.specs {
            let options = spec.options.map { "--" + $0.name } + common.map { "--" + $0.name } + ["--help"]
            text += "        \(spec.name))\n"
            text += "            case \"$prev\" in\n\(bashValueCases(spec.options).indented(by: 4))            esac\n"
            text += "            if [[ \"$cur\" == -* ]]; then\n"
            text += "                COMPREPLY=($(compgen -W \"\(options.joined(separator: " "))\" -- \"$cur\"))\n"
            switch positionalKind(spec) {
            case .scenarioFiles: text += "            else\n                _\(name)_files\n"
            case .choices(let words): text += "            else\n                COMPREPLY=($(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\"))\n"
            case .none: break
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
    private static func bashValueCases(_ options: [OptionSpec]) -> String {
        options.filter(\.takesValue).map { option in
            switch option.completion {
            case .choices(let words):
                return "        --\(option.name)) COMPREPLY=($(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\")); return ;;\n"
            case .scenarioFiles:
                return "        --\(option.name)) _race_files; return ;;\n"
            case .none:
                return "        --\(option.name)) COMPREPLY=(); return ;;\n"
            }
        }.joined()
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
            switch positionalKind(spec) {
            case .scenarioFiles: text += " \\\n                    '*:scenario file:_files -g \"*.race(-.)\"'"
            case .choices(let words): text += " \\\n                    '*:\(spec.arguments[0].name.lowercased()):(\(words.joined(separator: " ")))'"
            case .none: break
            }
            text += " ;;\n"
        }
        text += "            esac ;;\n    esac\n}\n\n_\(name) \"$@\"\n"
        return text
    }

    /// `'--format=[How to print.]:format:(table csv json)'`
    private static func zshOption(_ option: OptionSpec) -> String {
        let help = zshEscaped(option.help)
        switch option.kind {
        case .flag:
            return "'--\(option.name)[\(help)]'"
        case .value(let placeholder), .repeatedValue(let placeholder):
            let repeats: String
            if case .repeatedValue = option.kind { repeats = "*" } else { repeats = "" }
            let action: String
            switch option.completion {
            case .choices(let words): action = "(\(words.joined(separator: " ")))"
            case .scenarioFiles: action = "_files -g \"*.race(-.)\""
            case .none: action = " "
            }
            return "'\(repeats)--\(option.name)=[\(help)]:\(zshEscaped(placeholder)):\(action)'"
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
        text += "complete -c \(name) -f\n"
        let names = (program.specs.map(\.name) + ["help"]).joined(separator: " ")
        for spec in program.specs {
            text += "complete -c \(name) -n __fish_use_subcommand -a \(spec.name) -d \(fishQuoted(spec.abstract))\n"
        }
        text += "complete -c \(name) -n __fish_use_subcommand -a help -d 'Show the help of race or of a command.'\n"
        text += "complete -c \(name) -n '__fish_seen_subcommand_from help' -a \(fishQuoted(names))\n"
        text += "complete -c \(name) -n __fish_use_subcommand -s V -l version -d 'Print the version.'\n"
        text += "complete -c \(name) -s h -l help -d 'Show the help.'\n"
        for option in ProgramSpec.commonOptions { text += "complete -c \(name)\(fishOption(option))\n" }
        for spec in program.specs {
            let condition = " -n '__fish_seen_subcommand_from \(spec.name)'"
            for option in spec.options { text += "complete -c \(name)\(condition)\(fishOption(option))\n" }
            switch positionalKind(spec) {
            case .scenarioFiles: text += "complete -c \(name)\(condition) -k -a '(__fish_complete_suffix .race)'\n"
            case .choices(let words): text += "complete -c \(name)\(condition) -a \(fishQuoted(words.joined(separator: " ")))\n"
            case .none: break
            }
        }
        return text
    }

    /// ` -l format -x -a 'table csv json' -d '…'`
    private static func fishOption(_ option: OptionSpec) -> String {
        var text = " -l \(option.name)"
        if option.takesValue {
            switch option.completion {
            case .choices(let words): text += " -x -a \(fishQuoted(words.joined(separator: " ")))"
            case .scenarioFiles: text += " -r -F"
            case .none: text += " -x"
            }
        }
        return text + " -d \(fishQuoted(option.help))"
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
