#!/usr/bin/env tclsh
foreach path [glob -nocomplain /srv/app/*] {
    if {[file isdirectory $path]} {
        file attributes $path -permissions 0755
    } else {
        file attributes $path -permissions 0644
    }
}
puts "permissions fixed"
