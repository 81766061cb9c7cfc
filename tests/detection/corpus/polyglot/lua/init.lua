-- Neovim configuration entry point
vim.g.mapleader = " "
vim.opt.number = true
vim.opt.relativenumber = true
vim.opt.expandtab = true
vim.opt.shiftwidth = 2

vim.keymap.set("n", "<leader>w", "<cmd>write<cr>", { desc = "Save file" })
require("plugins")
