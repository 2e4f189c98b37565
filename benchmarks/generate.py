"""Generate a records repository shaped like `records/`: 1 plan : 1 delegation : ~1 centre : 8 findings.

    python benchmarks/generate.py DIR [--records 10000]

Every generated record is valid, so the benchmark measures the common case (errors are rare).
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

TYPES = ["strength", "strength", "weakness", "difficulty", "proposal", "request", "weakness", "strength"]
DISTRICTS = ["Đình Lập", "Chi Lăng", "Cao Lộc", "Lộc Bình", "Bắc Sơn", "Văn Quan", "Hữu Lũng", "Tràng Định"]
SUMMARIES = [
    "Các huyện chưa sắp xếp đủ biên chế cho trung tâm chính trị",
    "Chủ động xây dựng kế hoạch, mở các lớp đào tạo, bồi dưỡng theo quy định",
    "Đội ngũ giảng viên kiêm chức nhiệt tình, trách nhiệm, đổi mới phương pháp giảng dạy",
    "Một số chế độ đối với giảng viên đang nghiên cứu thực hiện",
    "Đề nghị tỉnh tiếp tục quan tâm cơ chế, chính sách đối với giảng viên, học viên",
    "Tiếp tục tham mưu đào tạo bồi dưỡng lý luận chính trị gắn với Kết luận 01-KL/TW",
    "Cơ sở vật chất phục vụ giảng dạy còn thiếu",
    "Tổ chức kiểm tra, thi tốt nghiệp, cấp giấy chứng nhận đúng quy định",
]


def _plan(n: int, plan_id: str, centres: list[str], issued: date) -> str:
    visits = "".join(
        f"  - centre: {c}\n    date: {issued + timedelta(days=20 + i)}\n"
        f"    attendees:\n      - name: Hoàng Văn {chr(65 + i)}\n        position: Bí thư Huyện ủy\n"
        for i, c in enumerate(centres)
    )
    return (
        f"# Kế hoạch kiểm tra số {n:02d}-KH/BTGTU\n"
        f"kind: plan\nid: {plan_id}\nnumber: {n:02d}-KH/BTGTU\nissued: {issued}\n"
        "issuer: Ban Tuyên giáo Tỉnh ủy Lạng Sơn\nplace: Lạng Sơn\n"
        f"title: Kiểm tra công tác đào tạo, bồi dưỡng trung tâm chính trị năm {issued.year}\n"
        "bases:\n  - number: 04-ĐA/TU\n    issued: 2021-12-02\n    issuer: Tỉnh ủy Lạng Sơn\n"
        "purpose:\n  - Đánh giá kết quả công tác đào tạo, bồi dưỡng\n"
        "topics:\n  - id: dao-tao\n    title: Công tác đào tạo, bồi dưỡng lý luận chính trị\n"
        "    items:\n      - Kế hoạch mở lớp\n      - Quản lý học viên\n"
        "  - id: che-do\n    title: Chế độ, chính sách đối với giảng viên\n"
        f"delegation: {plan_id}-doan\nvisits:\n{visits}status: reported\n"
    )


def _delegation(n: int, plan_id: str) -> str:
    return (
        f"kind: delegation\nid: {plan_id}-doan\nplan: {plan_id}\n"
        f"decision:\n  number: {n + 1:02d}-QĐ/BTGTU\n  issuer: Ban Tuyên giáo Tỉnh ủy Lạng Sơn\n"
        "members:\n"
        "  - name: Nguyễn Trọng Sơn\n    role: head\n    position: Phó Trưởng Ban Tuyên giáo Tỉnh ủy\n"
        "  - name: Dương Thị Hồng Vân\n    role: deputy\n    position: Phó Hiệu trưởng Trường Chính trị\n"
        "  - name: Lê Văn Minh\n    role: member\n  - name: Trần Thị Huyền\n    role: secretary\n"
    )


def _centre(centre_id: str, district: str) -> str:
    return (
        f"kind: centre\nid: {centre_id}\nname: Trung tâm Chính trị huyện {district}\n"
        f"short_name: TTCT {district}\ndistrict: {district}\nprovince: Lạng Sơn\n"
        f"parent: Huyện ủy {district}\nstaff:\n  quota: 5\n  filled: 3\n"
        "  full_time_lecturers: 2\n  part_time_lecturers: 25\n"
    )


def _finding(finding_id: str, plan_id: str, centre: str, kind: str, summary: str, due: date) -> str:
    text = (
        f"kind: finding\nid: {finding_id}\nplan: {plan_id}\ncentres: [{centre}]\n"
        f"topic: dao-tao\ntype: {kind}\nsummary: {summary}\n"
        "detail: |\n  Trung tâm đã xây dựng báo cáo, mời thành phần tham dự.\n\n"
        "  Nội dung chương trình thực hiện nghiêm túc theo hướng dẫn.\n"
        "evidence:\n  - Báo cáo tự kiểm tra của trung tâm\n"
    )
    if kind in ("proposal", "request"):
        text += (
            f"action:\n  owner: Ban Tuyên giáo Huyện ủy\n  due: {due}\n  status: done\n"
            f"  done_on: {due}\n  history:\n    - date: {due}\n      status: done\n"
            "      note: Đã báo cáo kết quả thực hiện\n"
        )
    return text


def generate(root: Path, records: int = 10_000, seed: int = 1) -> int:
    """Write about `records` records under `root/records`; returns how many were written."""
    rng = random.Random(seed)
    base = root / "records"
    for folder in ("plans", "delegations", "centres", "findings"):
        (base / folder).mkdir(parents=True, exist_ok=True)
    written, n = 0, 0
    while written < records:
        n += 1
        issued = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
        plan_id = f"{issued.year}-{n}-kh-btgtu"
        district = DISTRICTS[n % len(DISTRICTS)]
        centre_id = f"ttct-{n}"
        files = {
            base / "plans" / f"{plan_id}.yaml": _plan(n, plan_id, [centre_id], issued),
            base / "delegations" / f"{plan_id}-doan.yaml": _delegation(n, plan_id),
            base / "centres" / f"{centre_id}.yaml": _centre(centre_id, district),
        }
        for k in range(1, 9):
            finding_id = f"{plan_id}-{k:02d}"
            kind = TYPES[k - 1]
            due = issued + timedelta(days=60 + rng.randrange(300))
            files[base / "findings" / plan_id / f"{finding_id}.yaml"] = _finding(
                finding_id, plan_id, centre_id, kind, rng.choice(SUMMARIES), due
            )
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        written += len(files)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args()
    count = generate(args.root, args.records)
    print(f"wrote {count} records under {args.root / 'records'}")


if __name__ == "__main__":
    main()
