import 'dart:convert';

import 'package:flutter/foundation.dart';
import 'package:http/http.dart' as http;

import 'forecast.dart';

class ForecastRepository extends ChangeNotifier {
  ForecastRepository({http.Client? client}) : _client = client ?? http.Client();

  final http.Client _client;
  final Map<String, List<Forecast>> _cache = {};

  List<Forecast> forecastsFor(String city) => _cache[city] ?? const [];

  Future<void> refresh(String city) async {
    final uri = Uri.https('api.example.com', '/v1/forecast', {'city': city});
    final response = await _client.get(uri);
    if (response.statusCode != 200) {
      throw http.ClientException('forecast failed: ${response.statusCode}', uri);
    }
    final list = jsonDecode(response.body) as List<dynamic>;
    _cache[city] = list.map((e) => Forecast.fromJson(e as Map<String, dynamic>)).toList();
    notifyListeners();
  }
}
