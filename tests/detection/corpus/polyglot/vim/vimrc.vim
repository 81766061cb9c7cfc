" Minimal vim configuration
set nocompatible
syntax on
filetype plugin indent on
set expandtab shiftwidth=4 tabstop=4
set incsearch hlsearch
nnoremap <leader><space> :nohlsearch<CR>
autocmd FileType make setlocal noexpandtab
