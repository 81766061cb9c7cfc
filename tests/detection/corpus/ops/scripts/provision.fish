#!/usr/bin/env fish
set -l packages git ripgrep fd-find jq
for p in $packages
    if not type -q $p
        echo "installing $p"
        sudo apt-get install -y $p
    end
end
