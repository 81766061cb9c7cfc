# Settings shared by every target.
{
  'variables': {
    'werror%': 1,
  },
  'target_defaults': {
    'cflags': ['-Wall', '-Wextra'],
    'configurations': {
      'Debug': {'defines': ['DEBUG']},
      'Release': {'defines': ['NDEBUG']},
    },
  },
}
