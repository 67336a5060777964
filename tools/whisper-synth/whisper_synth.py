#!/usr/bin/env python3
"""Write random-weight Whisper models in the Hugging Face ONNX export layout.

The layout, tensor names, dtypes and shapes follow the exports published for transformers.js
(onnx-community/whisper-*, made by optimum): config.json, generation_config.json,
preprocessor_config.json and onnx/{encoder_model,decoder_model,decoder_with_past_model,
decoder_model_merged}{,_quantized}.onnx. The architecture is Whisper's (conv stem + GELU,
sinusoidal encoder positions, learned decoder positions, pre-LN transformer, cross-attention,
output projection tied to the token embedding), so compute cost at real dimensions is realistic.
The weights are random; a per-token offset through the final layer norm's bias makes timestamp and
end-of-text tokens plausible so that decoding produces segments and ends.

Run with Debian's python3 (numpy + onnx):  /usr/bin/python3 whisper_synth.py --size test --out DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8

# name: (d_model, layers (encoder = decoder), heads)
SIZES = {
    "test": (64, 2, 4),
    "tiny": (384, 4, 6),
    "base": (512, 6, 8),
    "small": (768, 12, 12),
}

LANGUAGES = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur "
    "hr bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si "
    "km sn yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln "
    "ha ba jw su yue"
).split()

N_TIMESTAMPS = 1501


def special_ids(multilingual: bool, n_languages: int) -> dict:
    eot = 50257 if multilingual else 50256
    sot = eot + 1
    n_lang = n_languages if multilingual else 0
    translate = sot + 1 + (n_lang if multilingual else 99)
    ids = {
        "eot": eot,
        "sot": sot,
        "languages": list(range(sot + 1, sot + 1 + n_lang)),
        "translate": translate,
        "transcribe": translate + 1,
        "startoflm": translate + 2,
        "startofprev": translate + 3,
        "nospeech": translate + 4,
        "notimestamps": translate + 5,
        "timestamp_begin": translate + 6,
    }
    ids["vocab_size"] = ids["timestamp_begin"] + N_TIMESTAMPS
    return ids


class GraphBuilder:
    """Collects nodes; initializers always go to the shared (outer) list."""

    def __init__(self, prefix: str, initializers: list, quantize: bool, rng: np.random.Generator):
        self.prefix = prefix
        self.nodes: list = []
        self.initializers = initializers
        self.quantize = quantize
        self.rng = rng
        self.shared: dict = {}
        self._n = 0

    def name(self, hint: str) -> str:
        self._n += 1
        return f"/{self.prefix}/{hint}_{self._n}"

    def const(self, value: np.ndarray, hint: str) -> str:
        value = np.asarray(value)
        key = None
        if value.size > 16:
            # the merged decoder's two branches share one copy of each weight
            key = (value.dtype.str, value.shape, hashlib.sha1(value.tobytes()).hexdigest())
            if key in self.shared:
                return self.shared[key]
        n = self.name(hint)
        self.initializers.append(numpy_helper.from_array(value, n))
        if key is not None:
            self.shared[key] = n
        return n

    def op(self, op_type: str, inputs: list, hint: str | None = None, n_out: int = 1, **attrs):
        outs = [self.name(hint or op_type) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.name(op_type + "_node"), **attrs))
        return outs[0] if n_out == 1 else outs

    def i64(self, values, hint="shape") -> str:
        return self.const(np.asarray(values, dtype=np.int64), hint)

    def f32(self, value, hint="scalar") -> str:
        return self.const(np.asarray(value, dtype=np.float32), hint)

    # --- building blocks -------------------------------------------------------------------

    def matmul(self, x: str, w_name: str, w: np.ndarray) -> str:
        """x @ w, either fp32 or dynamically quantized like onnxruntime's quantize_dynamic (uint8)."""
        if not self.quantize:
            return self.op("MatMul", [x, w_name], "MatMul")
        return self.quantized_matmul(x, w)

    def quantized_matmul(self, x: str, w: np.ndarray) -> str:
        lo, hi = min(float(w.min()), 0.0), max(float(w.max()), 0.0)
        scale = (hi - lo) / 255.0 or 1.0
        zero = int(np.clip(round(-lo / scale), 0, 255))
        wq = np.clip(np.round(w / scale) + zero, 0, 255).astype(np.uint8)
        wq_name = self.const(wq, "weight_quantized")
        w_scale = self.f32(np.float32(scale), "weight_scale")
        w_zero = self.const(np.asarray(zero, dtype=np.uint8), "weight_zero_point")
        xq, xs, xz = self.op("DynamicQuantizeLinear", [x], "x_quant", n_out=3)
        acc = self.op("MatMulInteger", [xq, wq_name, xz, w_zero], "MatMulInteger")
        acc_f = self.op("Cast", [acc], "cast", to=TensorProto.FLOAT)
        s = self.op("Mul", [xs, w_scale], "scale")
        return self.op("Mul", [acc_f, s], "dequant")

    def linear(self, x: str, w: np.ndarray, b: np.ndarray | None, hint: str) -> str:
        w_name = None if self.quantize else self.const(w, hint + ".weight")
        y = self.matmul(x, w_name, w)
        if b is not None:
            y = self.op("Add", [y, self.const(b, hint + ".bias")], "bias")
        return y

    def layer_norm(self, x: str, p: dict) -> str:
        return self.op("LayerNormalization", [x, self.const(p["g"], "ln.weight"), self.const(p["b"], "ln.bias")],
                       "LayerNorm", axis=-1, epsilon=1e-5)

    def gelu(self, x: str) -> str:
        # exact GELU (erf form), as exported from torch
        h = self.op("Div", [x, self.f32(np.float32(np.sqrt(2.0)))], "gelu_div")
        h = self.op("Erf", [h], "gelu_erf")
        h = self.op("Add", [h, self.f32(np.float32(1.0))], "gelu_add")
        h = self.op("Mul", [x, h], "gelu_mul")
        return self.op("Mul", [h, self.f32(np.float32(0.5))], "gelu_half")

    def heads(self, x: str, n_heads: int, head_dim: int) -> str:
        """[B, T, D] -> [B, H, T, hd]"""
        r = self.op("Reshape", [x, self.i64([0, -1, n_heads, head_dim])], "split_heads")
        return self.op("Transpose", [r], "to_bhtd", perm=[0, 2, 1, 3])

    def merge_heads(self, x: str, d_model: int) -> str:
        t = self.op("Transpose", [x], "to_bthd", perm=[0, 2, 1, 3])
        return self.op("Reshape", [t, self.i64([0, -1, d_model])], "merge_heads")

    def attend(self, q: str, k: str, v: str, mask: str | None) -> str:
        kt = self.op("Transpose", [k], "kT", perm=[0, 1, 3, 2])
        s = self.op("MatMul", [q, kt], "scores")
        if mask is not None:
            s = self.op("Add", [s, mask], "masked")
        p = self.op("Softmax", [s], "probs", axis=-1)
        return self.op("MatMul", [p, v], "context")


def random_params(cfg: dict, rng: np.random.Generator, offsets: np.ndarray) -> dict:
    d, n_mels, layers = cfg["d_model"], cfg["num_mel_bins"], cfg["encoder_layers"]
    ffn, vocab = cfg["encoder_ffn_dim"], cfg["vocab_size"]

    def lin(n_in, n_out, bias=True, gain=1.0):
        w = (rng.standard_normal((n_in, n_out)) * gain / np.sqrt(n_in)).astype(np.float32)
        b = (rng.standard_normal(n_out) * 0.02).astype(np.float32) if bias else None
        return w, b

    def ln():
        return {"g": (1.0 + 0.1 * rng.standard_normal(d)).astype(np.float32),
                "b": (0.05 * rng.standard_normal(d)).astype(np.float32)}

    def attn():
        # sharp attention and strong sub-layer outputs keep the output dependent on audio and history
        return {"q": lin(d, d, gain=2.5), "k": lin(d, d, bias=False, gain=2.5), "v": lin(d, d), "o": lin(d, d, gain=1.5)}

    def mlp():
        return {"fc1": lin(d, ffn), "fc2": lin(ffn, d, gain=1.5)}

    p = {
        "conv1": ((rng.standard_normal((d, n_mels, 3)) / np.sqrt(n_mels * 3)).astype(np.float32),
                  (0.02 * rng.standard_normal(d)).astype(np.float32)),
        "conv2": ((rng.standard_normal((d, d, 3)) / np.sqrt(d * 3)).astype(np.float32),
                  (0.02 * rng.standard_normal(d)).astype(np.float32)),
        "enc_layers": [{"ln1": ln(), "attn": attn(), "ln2": ln(), "mlp": mlp()} for _ in range(layers)],
        "enc_ln": ln(),
        "dec_layers": [{"ln1": ln(), "self": attn(), "ln2": ln(), "cross": attn(), "ln3": ln(), "mlp": mlp()}
                       for _ in range(cfg["decoder_layers"])],
        "dec_pos": (1.0 * rng.standard_normal((cfg["max_target_positions"], d))).astype(np.float32),
    }

    # Token embedding, tied to the output projection. The final layer norm's bias `beta` adds
    # beta . E[t] to every logit; E[t] gets a component along beta so that this constant equals
    # offsets[t] (a per-token prior), keeping the architecture exactly Whisper's.
    emb = (0.35 * rng.standard_normal((vocab, d))).astype(np.float32)
    beta = rng.standard_normal(d).astype(np.float32)
    beta /= np.linalg.norm(beta)
    emb -= np.outer(emb @ beta, beta)
    emb += np.outer(offsets, beta)
    p["embed"] = emb.astype(np.float32)
    p["dec_ln"] = {"g": np.ones(d, dtype=np.float32), "b": beta.astype(np.float32)}
    return p


def sinusoids(length: int, channels: int) -> np.ndarray:
    inc = np.log(10000) / (channels // 2 - 1)
    inv = np.exp(-inc * np.arange(channels // 2))
    t = np.arange(length)[:, None] * inv[None, :]
    return np.concatenate([np.sin(t), np.cos(t)], axis=1).astype(np.float32)


def self_or_cross_qkv(g: GraphBuilder, x: str, a: dict, head_dim: int, n_heads: int):
    scale = np.float32(head_dim ** -0.5)
    q = g.linear(x, a["q"][0] * scale, a["q"][1] * scale, "q_proj")
    return g.heads(q, n_heads, head_dim)


def mlp_block(g: GraphBuilder, x: str, m: dict) -> str:
    h = g.linear(x, m["fc1"][0], m["fc1"][1], "fc1")
    h = g.gelu(h)
    return g.linear(h, m["fc2"][0], m["fc2"][1], "fc2")


def build_encoder(cfg: dict, p: dict, quantize: bool, rng, sliced_positions: bool = False) -> onnx.ModelProto:
    d, heads = cfg["d_model"], cfg["encoder_attention_heads"]
    hd = d // heads
    inits: list = []
    g = GraphBuilder("encoder", inits, quantize, rng)
    x = "input_features"
    x = g.op("Conv", [x, g.const(p["conv1"][0], "conv1.weight"), g.const(p["conv1"][1], "conv1.bias")],
             "conv1", kernel_shape=[3], pads=[1, 1], strides=[1])
    x = g.gelu(x)
    x = g.op("Conv", [x, g.const(p["conv2"][0], "conv2.weight"), g.const(p["conv2"][1], "conv2.bias")],
             "conv2", kernel_shape=[3], pads=[1, 1], strides=[2])
    x = g.gelu(x)
    x = g.op("Transpose", [x], "to_btd", perm=[0, 2, 1])
    positions = g.const(sinusoids(cfg["max_source_positions"], d), "embed_positions")
    if sliced_positions:
        # Not what the real exports do: lets the encoder take fewer frames, to measure what shorter
        # windows would save (see --sliced-positions).
        length = g.op("Slice", [g.op("Shape", [x], "shape"), g.i64([1]), g.i64([2])], "frames")
        positions = g.op("Slice", [positions, g.i64([0]), length, g.i64([0])], "positions")
    # Like transformers' WhisperEncoder: the whole 1500-position table is added, so the exported
    # encoder only accepts exactly 3000 input frames.
    x = g.op("Add", [x, positions], "pos")
    for layer in p["enc_layers"]:
        h = g.layer_norm(x, layer["ln1"])
        a = layer["attn"]
        q = self_or_cross_qkv(g, h, a, hd, heads)
        k = g.heads(g.linear(h, a["k"][0], None, "k_proj"), heads, hd)
        v = g.heads(g.linear(h, a["v"][0], a["v"][1], "v_proj"), heads, hd)
        c = g.merge_heads(g.attend(q, k, v, None), d)
        x = g.op("Add", [x, g.linear(c, a["o"][0], a["o"][1], "out_proj")], "residual")
        h = g.layer_norm(x, layer["ln2"])
        x = g.op("Add", [x, mlp_block(g, h, layer["mlp"])], "residual")
    out = g.layer_norm(x, p["enc_ln"])
    g.nodes.append(helper.make_node("Identity", [out], ["last_hidden_state"], name="/encoder/output"))
    graph = helper.make_graph(
        g.nodes, "main_graph",
        [helper.make_tensor_value_info("input_features", TensorProto.FLOAT,
                                       ["batch_size", "feature_size", "encoder_sequence_length"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT,
                                       ["batch_size", "encoder_sequence_length / 2", d])],
        inits)
    return finish(graph)


def kv_value_info(name: str, cfg: dict, seq: str):
    hd = cfg["d_model"] // cfg["decoder_attention_heads"]
    return helper.make_tensor_value_info(name, TensorProto.FLOAT,
                                         ["batch_size", cfg["decoder_attention_heads"], seq, hd])


def decoder_body(g: GraphBuilder, cfg: dict, p: dict, with_past: bool, rename_outputs: dict, lm_head_q):
    """Decoder graph body. Without past: encoder K/V are computed from encoder_hidden_states and
    the self-attention cache starts empty. With past: past_key_values.* are used and only the
    decoder (self-attention) presents are produced."""
    d, heads = cfg["d_model"], cfg["decoder_attention_heads"]
    hd = d // heads
    ids = "input_ids"
    ids_shape = g.op("Shape", [ids], "ids_shape")
    t_len = g.op("Slice", [ids_shape, g.i64([1]), g.i64([2])], "new_len")
    if with_past:
        past_shape = g.op("Shape", ["past_key_values.0.decoder.key"], "past_shape")
        past_len = g.op("Slice", [past_shape, g.i64([2]), g.i64([3])], "past_len")
    else:
        past_len = g.i64([0], "zero")
    end = g.op("Add", [past_len, t_len], "total_len")
    pos = g.op("Slice", [g.const(p["dec_pos"], "embed_positions"), past_len, end, g.i64([0])], "positions")
    if g.quantize:
        # like quantize_dynamic with Gather included: uint8 table, dequantized after the lookup
        x = g.op("Gather", [g.embed_q, ids], "embed_q", axis=0)
        x = g.op("DequantizeLinear", [x, g.embed_scale, g.embed_zero], "embed")
    else:
        x = g.op("Gather", [g.embed_name, ids], "embed", axis=0)
    x = g.op("Add", [x, pos], "with_pos")
    # causal mask [T, past+T]: query i sees keys j <= past + i
    mask_shape = g.op("Concat", [t_len, end], "mask_shape", axis=0)
    ones = g.op("ConstantOfShape", [mask_shape], "ones", value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0]))
    k_diag = g.op("Add", [g.op("Squeeze", [past_len, g.i64([0])], "past_scalar"), g.i64(1, "one")], "k_diag")
    upper = g.op("Trilu", [ones, k_diag], "upper", upper=1)
    mask = g.op("Mul", [upper, g.f32(np.float32(-1e9))], "causal_mask")

    outputs = {}
    for i, layer in enumerate(p["dec_layers"]):
        h = g.layer_norm(x, layer["ln1"])
        a = layer["self"]
        q = self_or_cross_qkv(g, h, a, hd, heads)
        k = g.heads(g.linear(h, a["k"][0], None, "k_proj"), heads, hd)
        v = g.heads(g.linear(h, a["v"][0], a["v"][1], "v_proj"), heads, hd)
        if with_past:
            k = g.op("Concat", [f"past_key_values.{i}.decoder.key", k], "cat_k", axis=2)
            v = g.op("Concat", [f"past_key_values.{i}.decoder.value", v], "cat_v", axis=2)
        outputs[f"present.{i}.decoder.key"] = k
        outputs[f"present.{i}.decoder.value"] = v
        c = g.merge_heads(g.attend(q, k, v, mask), d)
        x = g.op("Add", [x, g.linear(c, a["o"][0], a["o"][1], "out_proj")], "residual")

        h = g.layer_norm(x, layer["ln2"])
        a = layer["cross"]
        q = self_or_cross_qkv(g, h, a, hd, heads)
        if with_past:
            ek, ev = f"past_key_values.{i}.encoder.key", f"past_key_values.{i}.encoder.value"
        else:
            e = "encoder_hidden_states"
            ek = g.heads(g.linear(e, a["k"][0], None, "enc_k_proj"), heads, hd)
            ev = g.heads(g.linear(e, a["v"][0], a["v"][1], "enc_v_proj"), heads, hd)
            outputs[f"present.{i}.encoder.key"] = ek
            outputs[f"present.{i}.encoder.value"] = ev
        c = g.merge_heads(g.attend(q, ek, ev, None), d)
        x = g.op("Add", [x, g.linear(c, a["o"][0], a["o"][1], "out_proj")], "residual")

        h = g.layer_norm(x, layer["ln3"])
        x = g.op("Add", [x, mlp_block(g, h, layer["mlp"])], "residual")
    x = g.layer_norm(x, p["dec_ln"])
    if g.quantize:
        logits = g.quantized_matmul(x, lm_head_q)
    else:
        logits = g.op("MatMul", [x, g.op("Transpose", [g.embed_name], "lm_head", perm=[1, 0])], "logits")
    outputs = {"logits": logits, **outputs}
    for name, value in outputs.items():
        g.nodes.append(helper.make_node("Identity", [value], [rename_outputs.get(name, name)], name=g.name("out")))
    return list(outputs.keys())


def decoder_inputs(cfg: dict, with_past: bool, with_encoder: bool) -> list:
    ins = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "decoder_sequence_length"])]
    if with_encoder:
        ins.append(helper.make_tensor_value_info("encoder_hidden_states", TensorProto.FLOAT,
                                                 ["batch_size", "encoder_sequence_length / 2", cfg["d_model"]]))
    if with_past:
        for i in range(cfg["decoder_layers"]):
            ins.append(kv_value_info(f"past_key_values.{i}.decoder.key", cfg, "past_decoder_sequence_length"))
            ins.append(kv_value_info(f"past_key_values.{i}.decoder.value", cfg, "past_decoder_sequence_length"))
            ins.append(kv_value_info(f"past_key_values.{i}.encoder.key", cfg, "encoder_sequence_length_out"))
            ins.append(kv_value_info(f"past_key_values.{i}.encoder.value", cfg, "encoder_sequence_length_out"))
    return ins


def decoder_outputs(cfg: dict, names: list, with_past: bool) -> list:
    outs = []
    for n in names:
        if n == "logits":
            outs.append(helper.make_tensor_value_info(n, TensorProto.FLOAT,
                                                      ["batch_size", "decoder_sequence_length", cfg["vocab_size"]]))
        elif ".decoder." in n:
            seq = "past_decoder_sequence_length + 1" if with_past else "decoder_sequence_length"
            outs.append(kv_value_info(n, cfg, seq))
        else:
            outs.append(kv_value_info(n, cfg, "encoder_sequence_length_out"))
    return outs


def new_builder(prefix, inits, quantize, rng, embed_name, shared=None, embed=None):
    g = GraphBuilder(prefix, inits, quantize, rng)
    g.embed_name = embed_name
    if shared is not None:
        g.shared = shared
    if quantize:
        lo, hi = min(float(embed.min()), 0.0), max(float(embed.max()), 0.0)
        scale = (hi - lo) / 255.0 or 1.0
        zero = int(np.clip(round(-lo / scale), 0, 255))
        g.embed_q = g.const(np.clip(np.round(embed / scale) + zero, 0, 255).astype(np.uint8), "embed_tokens_quantized")
        g.embed_scale = g.const(np.asarray(scale, dtype=np.float32), "embed_scale")
        g.embed_zero = g.const(np.asarray(zero, dtype=np.uint8), "embed_zero_point")
    return g


def build_decoder(cfg, p, quantize, rng, with_past: bool) -> onnx.ModelProto:
    inits: list = []
    embed_name = "model.decoder.embed_tokens.weight"
    if not quantize:
        inits.append(numpy_helper.from_array(p["embed"], embed_name))
    g = new_builder("decoder", inits, quantize, rng, embed_name, embed=p["embed"])
    names = decoder_body(g, cfg, p, with_past, {}, p["embed"].T if quantize else None)
    graph = helper.make_graph(g.nodes, "main_graph", decoder_inputs(cfg, with_past, not with_past),
                              decoder_outputs(cfg, names, with_past), inits)
    return finish(graph)


def build_merged(cfg, p, quantize, rng) -> onnx.ModelProto:
    inits: list = []
    embed_name = "model.decoder.embed_tokens.weight"
    if not quantize:
        inits.append(numpy_helper.from_array(p["embed"], embed_name))
    lm = p["embed"].T if quantize else None
    n_layers = cfg["decoder_layers"]
    all_names = ["logits"] + [f"present.{i}.{kind}.{kv}" for i in range(n_layers)
                              for kind in ("decoder", "encoder") for kv in ("key", "value")]

    shared: dict = {}

    def branch(prefix, with_past):
        g = new_builder(prefix, inits, quantize, rng, embed_name, shared, embed=p["embed"])
        rename = {n: f"{prefix}/{n}" for n in all_names}
        names = decoder_body(g, cfg, p, with_past, rename, lm)
        # The cache branch has no encoder presents; like optimum's merge, it returns placeholders
        # (callers keep the encoder cache from the first step).
        for n in all_names:
            if n not in names:
                g.nodes.append(helper.make_node(
                    "Constant", [], [rename[n]], name=g.name("placeholder"),
                    value=numpy_helper.from_array(np.zeros((1, cfg["decoder_attention_heads"], 1,
                                                            cfg["d_model"] // cfg["decoder_attention_heads"]),
                                                           dtype=np.float32))))
        outs = [helper.make_tensor_value_info(rename[n], TensorProto.FLOAT, None) for n in all_names]
        return helper.make_graph(g.nodes, prefix, [], outs)

    then_graph = branch("with_past", True)
    else_graph = branch("no_past", False)
    if_node = helper.make_node("If", ["use_cache_branch"], all_names, name="optimum::if",
                               then_branch=then_graph, else_branch=else_graph)
    ins = decoder_inputs(cfg, True, True)
    ins.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    outs = decoder_outputs(cfg, all_names, False)
    graph = helper.make_graph([if_node], "main_graph", ins, outs, inits)
    return finish(graph)


def finish(graph) -> onnx.ModelProto:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="eavesdrop-whisper-synth")
    model.ir_version = IR_VERSION
    return model


def token_offsets(ids: dict, vocab: int) -> np.ndarray:
    """Per-token logit prior: text tokens neutral, timestamps and end-of-text plausible."""
    off = np.zeros(vocab, dtype=np.float32)
    # 1501 timestamp tokens together already compete with the best text token; end-of-text needs a lift
    off[ids["eot"]] = 7.0
    return off


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)


def configs(size: str, multilingual: bool, n_mels: int):
    d, layers, heads = SIZES[size]
    n_lang = (100 if n_mels == 128 else 99) if multilingual else 0
    ids = special_ids(multilingual, n_lang)
    cfg = {
        "_name_or_path": f"eavesdrop/whisper-synth-{size}{'' if multilingual else '.en'}",
        "activation_dropout": 0.0, "activation_function": "gelu", "apply_spec_augment": False,
        "architectures": ["WhisperForConditionalGeneration"], "attention_dropout": 0.0,
        "begin_suppress_tokens": [220, ids["eot"]], "bos_token_id": ids["eot"], "classifier_proj_size": 256,
        "d_model": d, "decoder_attention_heads": heads, "decoder_ffn_dim": 4 * d, "decoder_layerdrop": 0.0,
        "decoder_layers": layers, "decoder_start_token_id": ids["sot"], "dropout": 0.0,
        "encoder_attention_heads": heads, "encoder_ffn_dim": 4 * d, "encoder_layerdrop": 0.0,
        "encoder_layers": layers, "eos_token_id": ids["eot"], "init_std": 0.02, "is_encoder_decoder": True,
        "max_length": 448, "max_source_positions": 1500, "max_target_positions": 448, "median_filter_width": 7,
        "model_type": "whisper", "num_hidden_layers": layers, "num_mel_bins": n_mels, "pad_token_id": ids["eot"],
        "scale_embedding": False, "torch_dtype": "float32", "transformers_version": "4.46.0", "use_cache": True,
        "use_weighted_layer_sum": False, "vocab_size": ids["vocab_size"],
    }
    gen = {
        "alignment_heads": [[layers - 1, h] for h in range(min(heads, 4))],
        "begin_suppress_tokens": [220, ids["eot"]],
        "bos_token_id": ids["eot"],
        "decoder_start_token_id": ids["sot"],
        "eos_token_id": ids["eot"],
        "is_multilingual": multilingual,
        "max_initial_timestamp_index": 50,
        "max_length": 448,
        "no_timestamps_token_id": ids["notimestamps"],
        "pad_token_id": ids["eot"],
        "prev_sot_token_id": ids["startofprev"],
        "return_timestamps": False,
        "suppress_tokens": [1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28, 29, 31, 58, 59, 60, 61, 62, 63, 90, 91, 92, 93,
                            357, 366, 438, 532, 685, 705, 796, 930, 1058, 1220, 1267, 1279, 1303, 1343, 1377,
                            1391, 1635, 1782, 1875, 2162, 2361, 2488, 3467, 4008, 4211, 4600, 4808, 5299, 5855,
                            6329, 7203, 9609, 9959, 10563, 10786, 11420, 11709, 11907, 13163, 13697, 13700,
                            14808, 15306, 16410, 16791, 17992, 19203, 19510, 20724, 22305, 22935, 27007, 30109,
                            30420, 33409, 34949, 40283, 40493, 40549, 47282, 49146,
                            ids["eot"] + 1 if multilingual else ids["sot"], ids["translate"], ids["transcribe"],
                            ids["startoflm"], ids["startofprev"], ids["nospeech"]],
        "transformers_version": "4.46.0",
    }
    if multilingual:
        gen["lang_to_id"] = {f"<|{c}|>": t for c, t in zip(LANGUAGES, ids["languages"])}
        gen["task_to_id"] = {"transcribe": ids["transcribe"], "translate": ids["translate"]}
        gen["forced_decoder_ids"] = [[1, None], [2, ids["transcribe"]]]
    else:
        gen["forced_decoder_ids"] = [[1, ids["notimestamps"]]]
    pre = {"chunk_length": 30, "feature_extractor_type": "WhisperFeatureExtractor", "feature_size": n_mels,
           "hop_length": 160, "n_fft": 400, "n_samples": 480000, "nb_max_frames": 3000, "padding_side": "right",
           "padding_value": 0.0, "processor_class": "WhisperProcessor", "return_attention_mask": False,
           "sampling_rate": 16000}
    return cfg, gen, pre, ids


def save(model: onnx.ModelProto, path: str):
    onnx.save_model(model, path)


def generate(out: str, size: str, multilingual: bool, n_mels: int, variants: list, decoders: str, seed: int,
             sliced_positions: bool = False):
    cfg, gen, pre, ids = configs(size, multilingual, n_mels)
    rng = np.random.default_rng(seed)
    p = random_params(cfg, rng, token_offsets(ids, cfg["vocab_size"]))
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    write_json(os.path.join(out, "config.json"), cfg)
    write_json(os.path.join(out, "generation_config.json"), gen)
    write_json(os.path.join(out, "preprocessor_config.json"), pre)
    for variant in variants:
        quantize = variant == "quantized"
        suffix = "_quantized" if quantize else ""
        save(build_encoder(cfg, p, quantize, rng, sliced_positions),
             os.path.join(out, "onnx", f"encoder_model{suffix}.onnx"))
        if decoders in ("split", "all"):
            save(build_decoder(cfg, p, quantize, rng, False), os.path.join(out, "onnx", f"decoder_model{suffix}.onnx"))
            save(build_decoder(cfg, p, quantize, rng, True),
                 os.path.join(out, "onnx", f"decoder_with_past_model{suffix}.onnx"))
        if decoders in ("merged", "all"):
            save(build_merged(cfg, p, quantize, rng), os.path.join(out, "onnx", f"decoder_model_merged{suffix}.onnx"))
    with open(os.path.join(out, "synth.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "whisper_synth", "size": size, "multilingual": multilingual, "n_mels": n_mels,
                   "seed": seed, "variants": variants, "decoders": decoders}, f)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", choices=sorted(SIZES), default="test")
    ap.add_argument("--english", action="store_true", help="English-only vocabulary (51864)")
    ap.add_argument("--mels", type=int, choices=[80, 128], default=80)
    ap.add_argument("--variants", default="fp32,quantized", help="comma list of fp32, quantized")
    ap.add_argument("--decoders", choices=["split", "merged", "all"], default="all")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--sliced-positions", action="store_true",
                    help="encoder accepts fewer than 3000 frames (unlike the real exports); for speed experiments")
    a = ap.parse_args(argv)
    if a.english and a.mels == 128:
        ap.error("128-mel models are multilingual (large-v3)")
    generate(a.out, a.size, not a.english, a.mels, a.variants.split(","), a.decoders, a.seed, a.sliced_positions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
