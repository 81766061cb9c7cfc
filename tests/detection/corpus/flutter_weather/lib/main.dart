import 'package:flutter/material.dart';
import 'package:provider/provider.dart';

import 'src/forecast_repository.dart';
import 'src/forecast_screen.dart';

void main() {
  runApp(
    ChangeNotifierProvider(
      create: (_) => ForecastRepository(),
      child: const WeatherApp(),
    ),
  );
}

class WeatherApp extends StatelessWidget {
  const WeatherApp({super.key});

  @override
  Widget build(BuildContext context) {
    return MaterialApp(
      title: 'Weather',
      theme: ThemeData(colorSchemeSeed: Colors.indigo, useMaterial3: true),
      home: const ForecastScreen(),
    );
  }
}
