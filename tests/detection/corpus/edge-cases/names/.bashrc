# ~/.bashrc: executed by bash for non-login shells.
[ -z "$PS1" ] && return
HISTSIZE=10000
HISTCONTROL=ignoreboth
alias ll='ls -alF'
export EDITOR=vim
PS1='\u@\h:\w\$ '
