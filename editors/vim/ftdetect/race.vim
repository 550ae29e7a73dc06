autocmd BufRead,BufNewFile *.race setfiletype race
