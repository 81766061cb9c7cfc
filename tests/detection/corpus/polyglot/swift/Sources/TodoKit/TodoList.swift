import Foundation

public struct Todo: Identifiable, Codable, Equatable {
    public let id: UUID
    public var title: String
    public var done: Bool

    public init(title: String) {
        self.id = UUID()
        self.title = title
        self.done = false
    }
}

public final class TodoList: ObservableObject {
    @Published public private(set) var items: [Todo] = []

    public func add(_ title: String) {
        items.append(Todo(title: title))
    }

    public func toggle(_ id: Todo.ID) {
        guard let index = items.firstIndex(where: { $0.id == id }) else { return }
        items[index].done.toggle()
    }
}
