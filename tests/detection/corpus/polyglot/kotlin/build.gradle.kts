plugins {
    kotlin("jvm") version "1.9.22"
    application
}

repositories { mavenCentral() }

dependencies {
    implementation("io.ktor:ktor-server-netty:2.3.7")
    testImplementation(kotlin("test"))
}

application { mainClass.set("demo.ServerKt") }
