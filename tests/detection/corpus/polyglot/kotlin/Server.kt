package demo

import io.ktor.server.application.*
import io.ktor.server.engine.*
import io.ktor.server.netty.*
import io.ktor.server.response.*
import io.ktor.server.routing.*

data class Greeting(val text: String)

fun main() {
    embeddedServer(Netty, port = 8080) {
        routing {
            get("/hello/{name}") {
                val name = call.parameters["name"] ?: "world"
                call.respondText(Greeting("Hello, $name").text)
            }
        }
    }.start(wait = true)
}
