const std = @import("std");

pub fn main() !void {
    const stdout = std.io.getStdOut().writer();
    var sum: u64 = 0;
    var i: u64 = 1;
    while (i <= 100) : (i += 1) {
        if (i % 3 == 0 or i % 5 == 0) sum += i;
    }
    try stdout.print("sum = {d}\n", .{sum});
}

test "sum of multiples" {
    try std.testing.expect(3 + 5 == 8);
}
