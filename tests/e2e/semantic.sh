# Optional semantic search: off by default; semantic.enabled or the semantic-search flag turns it on;
# `ax index` then trains vectors on the repository, `ax find` fuses them with its ranking by
# reciprocal rank (--explain, --json, -v show it); a user's model2vec model (generated here) instead
# of training; bad vectors and bad models are one line.
source "$(dirname "$0")/lib.sh"

REPO="$WORK/repo"
mkdir -p "$REPO/net"
cd "$REPO"
# "network" never appears in socket_tunnel's text, but beside "socket" everywhere else.
for i in $(seq 1 20); do
  printf 'def network_socket_%s(data):\n    """Send the bytes over the network socket."""\n    return data\n\n' "$i"
done >net/send.py
mkdir -p disk
for i in $(seq 1 20); do
  printf 'def read_file_%s(path):\n    """Read the text of a file on disk."""\n    return path\n\n' "$i"
done >disk/read.py
printf 'def socket_tunnel(sock):\n    return sock\n' >net/tunnel.py

run "$AX" index
expect_rc 0
[[ ! -e .ax/semantic ]] || fail "semantic vectors made while off"
run "$AX" find -v send over the network --limit 40
expect_rc 0
[[ "$ERR" != *semantic* ]] || fail "semantic search used while off: $ERR"
[[ "$OUT" != *socket_tunnel* ]] || fail "the text index alone should not find socket_tunnel: $OUT"

# On by configuration: the index trains vectors; find fuses the nearest symbols.
run "$AX" -c semantic.enabled=true index
expect_rc 0
[[ -s .ax/semantic/vectors.bin ]] || fail "no vectors after ax index with semantic.enabled"
run "$AX" -c semantic.enabled=true find -v send over the network --limit 40 --json
expect_rc 0
expect_err 'semantic: [0-9]+ nearest symbols fused \([0-9.]+ ms\)'
expect_err 'semantic vectors of 41 symbols opened'
python3 - "$OUT" <<'PY' || fail "socket_tunnel not found through its vector: $OUT"
import json, sys
hits = {h["name"]: h for h in json.loads(sys.argv[1])}
tunnel = hits["socket_tunnel"]["semantic"]
assert tunnel["ax_rank"] == 0 and tunnel["semantic_rank"] >= 1 and tunnel["cosine"] > 0.2, tunnel
assert hits["network_socket_1"]["semantic"]["ax_rank"] >= 1
PY
run "$AX" -c semantic.enabled=true find send over the network --limit 40 --explain
expect_rc 0
expect_out 'rrf semantic #[0-9]+ \(cosine [0-9.]+\)$'
expect_out 'rrf ax #1 \+ semantic #[0-9]+ \(cosine [0-9.]+\); ax [0-9.]+ = '
# A name is looked up by name: no fusion.
run "$AX" -c semantic.enabled=true find socket_tunnel --explain
expect_rc 0
[[ "$OUT" != *rrf* ]] || fail "an identifier query was fused: $OUT"
# Up to date: a second run does not train again (the file stays the same).
before=$(stat -c %Y.%s .ax/semantic/vectors.bin)
sleep 1
run "$AX" -c semantic.enabled=true index
[[ $(stat -c %Y.%s .ax/semantic/vectors.bin) == "$before" ]] || fail "vectors made again for an unchanged store"

# On by the feature flag (defined, then enabled); off again when it is disabled.
printf 'flags:\n  semantic-search:\n    description: semantic search in find\n    enabled: false\n' >.ax/flags.yaml
run "$AX" find -v send over the network
[[ "$ERR" != *semantic* ]] || fail "semantic search used with the flag defined off: $ERR"
run "$AX" flags enable semantic-search
expect_rc 0
run "$AX" find -v send over the network
expect_rc 0
expect_err 'semantic: [0-9]+ nearest symbols fused'
run "$AX" -c semantic.enabled=false find -v send over the network
[[ "$ERR" != *semantic* ]] || fail "semantic.enabled=false should win over the flag: $ERR"
run "$AX" flags disable semantic-search
run "$AX" find -v send over the network
[[ "$ERR" != *semantic* ]] || fail "semantic search used with the flag off: $ERR"

# On, but no vectors yet: a warning, and the ranking without them.
rm .ax/semantic/vectors.bin
run "$AX" -c semantic.enabled=true find send over the network
expect_rc 0
expect_err '^ax: warning: semantic search is on but the index has no vectors yet; run ax index$'
# Damaged vectors: one line, exit 1.
printf 'AXSEMV2\n\1\0' >.ax/semantic/vectors.bin
expect_error 1 'vectors\.bin: truncated \(run ax index to rebuild it\)$' "$AX" -c semantic.enabled=true find send over the network
run "$AX" -c semantic.enabled=true index
expect_rc 0
run "$AX" -c semantic.enabled=true find send over the network
expect_rc 0

# A user's model2vec model: model.safetensors (an F32 `embeddings` tensor) and tokenizer.json.
mkdir -p "$WORK/model"
python3 - "$WORK/model" <<'PY'
import json, struct, sys
vocab = ["[UNK]", "network", "socket", "tunnel", "send", "bytes", "##s", "sock", "data"]
rows = [[0, 0, 0], [1, 0, 0], [1, 0.2, 0], [0.9, 0, 0.3], [0, 1, 0], [0, 1, 0.2], [0, 0, 0.1], [1, 0, 0.1], [0, 0.5, 0.5]]
data = b"".join(struct.pack("<f", x) for row in rows for x in row)
header = json.dumps({"embeddings": {"dtype": "F32", "shape": [len(rows), 3], "data_offsets": [0, len(data)]}}).encode()
open(sys.argv[1] + "/model.safetensors", "wb").write(struct.pack("<Q", len(header)) + header + data)
json.dump({"model": {"type": "WordPiece", "continuing_subword_prefix": "##",
                     "vocab": {t: i for i, t in enumerate(vocab)}}}, open(sys.argv[1] + "/tokenizer.json", "w"))
PY
MODEL=(-c semantic.enabled=true -c "semantic.model=$WORK/model")
# Vectors of the trained model are not used with another model: a warning until ax index.
run "$AX" "${MODEL[@]}" find send over the network
expect_rc 0
expect_err 'the semantic vectors were made with the trained model, not semantic.model.s; run ax index$'
run "$AX" "${MODEL[@]}" index
expect_rc 0
run "$AX" "${MODEL[@]}" find -v network tunnels for the socket --json --limit 40
expect_rc 0
expect_err 'semantic vectors of 21 symbols opened'
python3 - "$OUT" <<'PY' || fail "the model2vec model's nearest symbol is not socket_tunnel: $OUT"
import json, sys
hits = json.loads(sys.argv[1])
best = min((h for h in hits if "semantic" in h and h["semantic"]["semantic_rank"] > 0),
           key=lambda h: h["semantic"]["semantic_rank"])
assert best["name"] == "socket_tunnel", best
PY

# Bad models: one line naming the file, exit 1, for index and find alike.
cp "$WORK/model/model.safetensors" "$WORK/good.safetensors"
head -c 20 "$WORK/good.safetensors" >"$WORK/model/model.safetensors"
expect_error 1 '^ax: semantic\.model: .*model\.safetensors: header length [0-9]+ does not fit the file$' \
  "$AX" "${MODEL[@]}" find send over the network
rm -f .ax/semantic/vectors.bin
expect_error 1 'model\.safetensors: header length' "$AX" "${MODEL[@]}" index
cp "$WORK/good.safetensors" "$WORK/model/model.safetensors"
printf '{"model": {"type": "Unigram", "vocab": [["a", 0.0]]}}' >"$WORK/model/tokenizer.json"
expect_error 1 'tokenizer\.json: tokenizer type Unigram is not supported \(WordPiece is\)$' "$AX" "${MODEL[@]}" index
expect_error 1 '^ax: semantic\.model: .*/absent is not a model directory' \
  "$AX" -c semantic.enabled=true -c "semantic.model=$WORK/absent" index
expect_error 2 "semantic\.enabled" "$AX" -c semantic.enabled=maybe find send over the network

done_testing
