package com.example.weather

import io.flutter.embedding.android.FlutterActivity

class MainActivity : FlutterActivity()
