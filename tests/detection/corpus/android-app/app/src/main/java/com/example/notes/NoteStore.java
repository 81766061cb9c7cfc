package com.example.notes;

import android.content.Context;
import android.content.SharedPreferences;

import java.util.HashSet;
import java.util.Set;

/** Persists notes in shared preferences; kept in Java while the rest moves to Kotlin. */
public final class NoteStore {
    private static final String KEY = "notes";
    private final SharedPreferences prefs;

    public NoteStore(Context context) {
        prefs = context.getSharedPreferences("notes", Context.MODE_PRIVATE);
    }

    public Set<String> load() {
        return new HashSet<>(prefs.getStringSet(KEY, new HashSet<>()));
    }

    public void save(Set<String> notes) {
        prefs.edit().putStringSet(KEY, notes).apply();
    }
}
