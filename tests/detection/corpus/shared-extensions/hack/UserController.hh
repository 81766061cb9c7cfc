<?hh // strict

namespace App\Controllers;

final class UserController {
  public function show(int $id): string {
    return "user {$id}";
  }
}
