" Vim syntax file
" Language:   race (what-if forecasting of the AI race; docs/reference)
" Filenames:  *.race
" Tested against the shipped scenarios by EditorGrammarTests.

if exists("b:current_syntax")
  finish
endif

syn keyword raceDeclaration scenario start horizon run param let chip lab company extends report expect observe
syn keyword raceControl     on every when whenever for each if then else cancel delay
syn keyword raceAction      raises invests buys rents builds acquires acquihires exits set note borrows pays
syn keyword raceOperatorWord and or not to
syn keyword raceBoolean     true false
syn keyword raceKeyword     as from until in of at pre post over by growing falling monthly quarterly yearly with
syn keyword raceFunction    log10 ln exp sqrt abs min max total largest normal uniform lognormal
syn keyword raceUnit        s second seconds hour hours day days week weeks month months quarter quarters year years
syn keyword raceUnit        FLOP kFLOP MFLOP GFLOP TFLOP PFLOP EFLOP ZFLOP W kW MW GW chips

" A number; a later match at the same place wins in Vim, so dates come after numbers.
syn match raceNumber  "\v<\d[0-9_]*(\.\d[0-9_]*)?([eE][+-]?\d+)?(\%|[kMBT]>|>)"
syn match raceDate    "\v<\d{4}-\d{2}>"
syn match raceMoney   "\v\$\d[0-9_]*(\.\d[0-9_]*)?([eE][+-]?\d+)?[kMBT]?>"
syn region raceString start=+"+ skip=+\\\\\|\\"+ end=+"\|$+ oneline contains=raceEscape
syn match raceEscape  +\\[\\"]+ contained
syn match raceComment "#.*$" contains=@Spell

hi def link raceDeclaration  Statement
hi def link raceControl      Conditional
hi def link raceAction       Keyword
hi def link raceOperatorWord Operator
hi def link raceBoolean      Boolean
hi def link raceKeyword      Keyword
hi def link raceFunction     Function
hi def link raceUnit         Type
hi def link raceNumber       Number
hi def link raceDate         Constant
hi def link raceMoney        Number
hi def link raceString       String
hi def link raceEscape       SpecialChar
hi def link raceComment      Comment

let b:current_syntax = "race"
