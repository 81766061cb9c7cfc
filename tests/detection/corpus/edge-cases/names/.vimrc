set number
set expandtab shiftwidth=2
syntax enable
colorscheme desert
