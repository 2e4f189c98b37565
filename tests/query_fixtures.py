"""A small records repository for the query, editing and CLI tests (not the reference records)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

PLAN = """\
kind: plan
id: 2022-84-kh-dkt
number: 84-KH/ĐKT
issued: 2022-11-03
issuer: Ban Tuyên giáo Tỉnh ủy Lạng Sơn
title: Kiểm tra công tác đào tạo, bồi dưỡng năm 2022
topics:
  - id: dao-tao
    title: Công tác đào tạo, bồi dưỡng
  - id: che-do
    title: Chế độ, chính sách
delegation: 2022-84-kh-dkt-doan
visits:
  - centre: ttct-dinh-lap
    date: 2022-11-24
  - centre: ttct-chi-lang
    date: 2022-11-25
status: reported
"""

DELEGATION = """\
kind: delegation
id: 2022-84-kh-dkt-doan
plan: 2022-84-kh-dkt
members:
  - name: Nguyễn Trọng Sơn
    role: head
"""

DINH_LAP = """\
kind: centre
id: ttct-dinh-lap
name: Trung tâm Chính trị huyện Đình Lập
short_name: TTCT Đình Lập
district: Đình Lập
staff:
  quota: 5
  filled: 2
"""

CHI_LANG = """\
kind: centre
id: ttct-chi-lang
name: Trung tâm Chính trị huyện Chi Lăng
district: Chi Lăng
staff:
  quota: 5
  filled: 4
"""

F01 = """\
kind: finding
id: 2022-84-kh-dkt-01
plan: 2022-84-kh-dkt
centres: [ttct-dinh-lap, ttct-chi-lang]
topic: dao-tao
type: strength
summary: Chủ động mở các lớp đào tạo, bồi dưỡng
"""

F02 = """\
kind: finding
id: 2022-84-kh-dkt-02
plan: 2022-84-kh-dkt
centres: [ttct-dinh-lap]
topic: che-do
type: weakness
summary: Chưa sắp xếp đủ biên chế cho trung tâm chính trị
"""

F03 = """\
# Một đề nghị của Đoàn
kind: finding
id: 2022-84-kh-dkt-03
plan: 2022-84-kh-dkt
centres: [ttct-chi-lang]
topic: dao-tao
type: request
summary: Tiếp tục tham mưu đào tạo lý luận chính trị
action:
  owner: Ban Tuyên giáo Huyện ủy Chi Lăng   # người chịu trách nhiệm
  due: 2023-06-30
  status: open

# Ghi chú cuối tệp
"""

F04 = """\
kind: finding
id: 2022-84-kh-dkt-04
plan: 2022-84-kh-dkt
centres: [ttct-dinh-lap]
topic: che-do
type: proposal
summary: Đề nghị quan tâm chế độ cho giảng viên
action:
  owner: Ban Tuyên giáo Tỉnh ủy
  due: 2024-03-31
  status: done
  done_on: 2024-03-01
  history:
    - date: 2024-03-01
      status: done
"""

FILES = {
    "records/plans/2022-84-kh-dkt.yaml": PLAN,
    "records/delegations/2022-84-kh-dkt-doan.yaml": DELEGATION,
    "records/centres/ttct-dinh-lap.yaml": DINH_LAP,
    "records/centres/ttct-chi-lang.yaml": CHI_LANG,
    "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-01.yaml": F01,
    "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-02.yaml": F02,
    "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml": F03,
    "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-04.yaml": F04,
}


def make_records(write: Callable[[str, str], Path]) -> None:
    for relative, text in FILES.items():
        write(relative, text)
