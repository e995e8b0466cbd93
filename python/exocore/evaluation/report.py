"""The evaluation report: ``results.json`` (every number), ``report.md`` and a
self-contained ``report.html`` (figures embedded as base64 PNG), plus the PNG figures."""

from __future__ import annotations

import base64
import html
import json
import math
from pathlib import Path
from typing import Any

from exocore.evaluation import figures
from exocore.evaluation.trials import Trial

Block = tuple[
    Any, ...
]  # ("h", level, text) | ("p", text) | ("table", header, rows) | ("img", title, path)


def clean_json(x: Any) -> Any:
    """NaN/inf -> None, tuples -> lists, numpy scalars -> Python (strict JSON)."""
    if isinstance(x, dict):
        return {str(k): clean_json(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean_json(v) for v in x]
    if hasattr(x, "item") and not isinstance(x, str):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def write_json(results: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(clean_json(results), indent=1, allow_nan=False) + "\n")
    return path


def _f(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _ms(st: dict[str, Any] | None, digits: int = 2) -> str:
    if st is None or st["mean"] is None:
        return "–"
    return f"{st['mean']:.{digits}f} ± {st['sd']:.{digits}f} (n={st['n']})"


def _blocks(results: dict[str, Any], figs: dict[str, Path]) -> list[Block]:
    acts = results["activities"]
    conds = results["settings"]["conditions"]
    b: list[Block] = [("h", 1, "exocore evaluation report")]
    b.append(
        (
            "p",
            f"Policies: {results['policies']} (actuation: {results['actuation']}). "
            f"Metabolic model: {results['metabolic_model']}. Trials: "
            f"{results['settings']['duration_s']} s each, averages over the last 40 %.",
        )
    )
    trials = results["trials"]
    fell = [t for t in trials if t["fell"]]
    errors = sorted({t["error"] for t in trials if t["error"]})
    if fell:
        ups = ", ".join(f"{t['id']} {t['upright_s']:.2f} s" for t in fell[:12])
        more = f" (+{len(fell) - 12} more)" if len(fell) > 12 else ""
        b.append(
            (
                "p",
                f"WARNING: the participant fell in {len(fell)} of {len(trials)} trials; "
                f"averages cover only the time upright: {ups}{more}.",
            )
        )
    for e in errors:
        b.append(("p", f"WARNING: trials could not run: {e}"))
    for n in sorted({n for t in trials for n in t["notes"]}):
        b.append(("p", f"Note: {n}"))

    b.append(("h", 2, "Net metabolic rate (W/kg), mean ± s.d. over participants"))
    header = [
        "activity",
        *conds,
        "reduction vs no exo (%)",
        "vs assist off (%)",
        "paper no exo → assist on (W/kg)",
        "paper reduction (%)",
    ]
    rows = []
    for key, a in acts.items():
        p = a.get("paper") or {}
        paper = f"{p['no-exo']:.2f} → {p['assist-on']:.2f}" if p else "–"
        rows.append(
            [
                key,
                *[_ms(a["net_metabolic_w_per_kg"].get(c)) for c in conds],
                _f(a["reduction_vs_no_exo_pct"], 1),
                _f(a["reduction_vs_assist_off_pct"], 1),
                paper,
                _f(p.get("reduction_vs_no_exo_pct"), 1),
            ]
        )
    b.append(("table", header, rows))

    b.append(("h", 2, "Lower-limb effort: mean squared activation of the 108 leg muscles"))
    rows = [[key, *[_ms(a["effort"].get(c), 4) for c in conds]] for key, a in acts.items()]
    b.append(("table", ["activity", *conds], rows))
    if results.get("actuation") == "muscles-with-reserves":
        b.append(("h", 2, "Reserve actuators: their share of the joint torque (%, norms)"))
        rows = [
            [key, *[_ms(a.get("reserve_share_pct", {}).get(c), 1) for c in conds]]
            for key, a in acts.items()
        ]
        b.append(("table", ["activity", *conds], rows))

    b.append(("h", 2, "Assistance"))
    header = [
        "activity",
        "peak torque (N m)",
        "peak torque / mass (N m/kg)",
        "falls / trials",
        "mean upright (s), assist on",
    ]
    rows = [
        [
            key,
            _ms(a["peak_assist_torque_nm"]),
            _ms(a["peak_assist_torque_nm_per_kg"]),
            f"{a['falls']} / {a['trials']}",
            _ms(a["upright_s"].get("assist-on")),
        ]
        for key, a in acts.items()
    ]
    b.append(("table", header, rows))

    tr = results.get("transition")
    if tr:
        b.append(("h", 2, "Continuous walk → run → walk → stairs trial"))
        b.append(
            (
                "p",
                f"Participant {tr['participant']}, {tr['upright_s']:.2f} of "
                f"{tr['duration_s']:.2f} s upright. Exo work: +{tr['positive_work_j']:.1f} J, "
                f"−{tr['negative_work_j']:.1f} J; negative share "
                f"{_f(tr['negative_work_share_pct'], 1)} % (paper: "
                f"{results['paper_negative_work_pct']} %).",
            )
        )
    b.append(("h", 2, "Figures"))
    for title, path in figs.items():
        b.append(("img", title, path))

    b.append(("h", 2, "Trials"))
    header = [
        "trial",
        "upright (s)",
        "fell",
        "net metabolic (W/kg)",
        "effort",
        "peak torque (N m)",
        "negative work (%)",
    ]
    rows = [
        [
            t["id"],
            _f(t["upright_s"]),
            "yes" if t["fell"] else "no",
            _f(t["net_metabolic_w_per_kg"]),
            _f(t["effort"], 4),
            _f(t["peak_torque_nm"], 1),
            _f(t["negative_work_share_pct"], 1),
        ]
        for t in trials
    ]
    b.append(("table", header, rows))
    return b


def _markdown(blocks: list[Block], base: Path) -> str:
    out: list[str] = []
    for blk in blocks:
        if blk[0] == "h":
            out.append("#" * blk[1] + " " + blk[2])
        elif blk[0] == "p":
            out.append(blk[1])
        elif blk[0] == "table":
            header, rows = blk[1], blk[2]
            out.append("| " + " | ".join(header) + " |")
            out.append("|" + "---|" * len(header))
            out.extend("| " + " | ".join(str(c) for c in r) + " |" for r in rows)
        elif blk[0] == "img":
            out.append(f"![{blk[1]}]({blk[2].relative_to(base).as_posix()})")
        out.append("")
    return "\n".join(out)


def _html(blocks: list[Block]) -> str:
    e = html.escape
    body: list[str] = []
    for blk in blocks:
        if blk[0] == "h":
            body.append(f"<h{blk[1]}>{e(blk[2])}</h{blk[1]}>")
        elif blk[0] == "p":
            cls = ' class="warn"' if blk[1].startswith("WARNING") else ""
            body.append(f"<p{cls}>{e(blk[1])}</p>")
        elif blk[0] == "table":
            head = "".join(f"<th>{e(h)}</th>" for h in blk[1])
            rows = "".join(
                "<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>" for r in blk[2]
            )
            body.append(f"<table><tr>{head}</tr>{rows}</table>")
        elif blk[0] == "img":
            data = base64.b64encode(blk[2].read_bytes()).decode("ascii")
            body.append(
                f'<figure><img alt="{e(blk[1])}" src="data:image/png;base64,{data}">'
                f"<figcaption>{e(blk[1])}</figcaption></figure>"
            )
    style = (
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
        "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;"
        "padding:3px 6px}img{max-width:100%}.warn{color:#a00}"
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>exocore evaluation'
        f"</title><style>{style}</style></head><body>{''.join(body)}</body></html>\n"
    )


def write_report(
    results: dict[str, Any], trials: dict[str, Trial], out_dir: str | Path
) -> dict[str, Path]:
    """Figures, results.json, report.md and report.html under `out_dir`."""
    out = Path(out_dir)
    fig_dir = out / "figures"
    figs = {
        "Fig. 3b analogue: assist torque / body mass vs gait phase": figures.torque_vs_phase(
            trials, fig_dir / "torque_vs_phase.png"
        ),
        "Fig. 3c analogue: peak assist torque per activity": figures.peak_torque(
            results, fig_dir / "peak_torque.png"
        ),
        "Fig. 5a analogue: net metabolic rate per condition": figures.metabolic_rates(
            results, fig_dir / "metabolic_rate.png"
        ),
    }
    transition = [t for t in trials.values() if t.spec.activity == "transition"]
    if transition:
        from exocore.evaluation.trials import transition_for

        t = transition[0]
        motion = transition_for(t.spec.participant.height_m).motion
        labels = motion.activity[
            (t.time * (len(motion.time) - 1) / motion.time[-1])
            .round()
            .astype(int)
            .clip(0, len(motion.time) - 1)
        ]
        figs["Fig. 4 analogue: torque and power, walk → run → walk → stairs"] = figures.transition(
            t, labels, fig_dir / "transition.png"
        )
    paths = {"json": write_json(results, out / "results.json")}
    blocks = _blocks(clean_json(results), figs)
    paths["markdown"] = out / "report.md"
    paths["markdown"].write_text(_markdown(blocks, out))
    paths["html"] = out / "report.html"
    paths["html"].write_text(_html(blocks))
    return paths | {Path(p).stem: p for p in figs.values()}
