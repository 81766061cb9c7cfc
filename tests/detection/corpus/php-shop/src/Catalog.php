<?php

declare(strict_types=1);

namespace Shop;

final class Catalog
{
    /** @var array<int, array{id: int, name: string, price: float}> */
    private array $products;

    public function __construct(string $path)
    {
        $this->products = json_decode(file_get_contents($path), true, flags: JSON_THROW_ON_ERROR);
    }

    public function all(): array
    {
        return $this->products;
    }

    public function find(int $id): ?array
    {
        foreach ($this->products as $product) {
            if ($product['id'] === $id) {
                return $product;
            }
        }
        return null;
    }
}
