package orders

import akka.actor.typed.{ActorRef, Behavior}
import akka.actor.typed.scaladsl.Behaviors

object OrderActor {
  sealed trait Command
  final case class AddItem(sku: String, quantity: Int, replyTo: ActorRef[Summary]) extends Command
  final case class Checkout(replyTo: ActorRef[Summary]) extends Command

  final case class Summary(items: Map[String, Int], checkedOut: Boolean)

  def apply(): Behavior[Command] = open(Map.empty)

  private def open(items: Map[String, Int]): Behavior[Command] =
    Behaviors.receiveMessage {
      case AddItem(sku, quantity, replyTo) =>
        val updated = items.updatedWith(sku)(current => Some(current.getOrElse(0) + quantity))
        replyTo ! Summary(updated, checkedOut = false)
        open(updated)
      case Checkout(replyTo) =>
        replyTo ! Summary(items, checkedOut = true)
        Behaviors.stopped
    }
}
