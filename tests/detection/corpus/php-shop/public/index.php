<?php

declare(strict_types=1);

use Shop\Catalog;
use Slim\Factory\AppFactory;

require __DIR__ . '/../vendor/autoload.php';

$app = AppFactory::create();
$catalog = new Catalog(__DIR__ . '/../data/products.json');

$app->get('/products', function ($request, $response) use ($catalog) {
    $response->getBody()->write(json_encode($catalog->all()));
    return $response->withHeader('Content-Type', 'application/json');
});

$app->run();
