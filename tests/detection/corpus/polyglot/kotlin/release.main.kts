#!/usr/bin/env kotlin
@file:DependsOn("com.github.ajalt.clikt:clikt-jvm:4.2.1")

import java.io.File

val version = File("VERSION").readText().trim()
println("Releasing $version")
ProcessBuilder("git", "tag", "v$version").inheritIO().start().waitFor()
