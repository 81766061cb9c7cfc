import 'package:flutter/material.dart';
import 'package:provider/provider.dart';

import 'forecast_repository.dart';

class ForecastScreen extends StatefulWidget {
  const ForecastScreen({super.key});

  @override
  State<ForecastScreen> createState() => _ForecastScreenState();
}

class _ForecastScreenState extends State<ForecastScreen> {
  String _city = 'Berlin';

  @override
  Widget build(BuildContext context) {
    final forecasts = context.watch<ForecastRepository>().forecastsFor(_city);
    return Scaffold(
      appBar: AppBar(title: Text(_city)),
      body: ListView(
        children: [
          for (final f in forecasts)
            ListTile(title: Text('${f.temperature.toStringAsFixed(1)} °C'), subtitle: Text('${f.time}')),
        ],
      ),
      floatingActionButton: FloatingActionButton(
        onPressed: () => context.read<ForecastRepository>().refresh(_city),
        child: const Icon(Icons.refresh),
      ),
    );
  }
}
