{
  'includes': ['common.gypi'],
  'targets': [
    {
      'target_name': 'ringbuf',
      'type': 'static_library',
      'sources': ['src/ring.c', 'src/ring.h'],
      'conditions': [
        ['OS=="win"', {'defines': ['RING_WINDOWS']}],
      ],
    },
  ],
}
