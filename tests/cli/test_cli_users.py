"""The CLI takes a user: a book with users needs --user and $PROPDESK_PASSWORD."""

from __future__ import annotations

import pytest

from propdesk.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_users_login_and_a_refused_command(
    target: str, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    book = target
    assert run(capsys, "--book", book, "init")[0] == 0
    monkeypatch.setenv("PROPDESK_NEW_PASSWORD", "s3cret-pass")
    code, out, _ = run(
        capsys, "--book", book, "--user", "老王", "user", "add", "老王", "--role", "admin"
    )
    assert code == 0 and "已增加用户 老王（管理员）" in out

    # from now on: a login
    monkeypatch.delenv("PROPDESK_PASSWORD", raising=False)
    code, _out, err = run(capsys, "--book", book, "compound", "list")
    assert code == 2 and "此账套需要登录" in err
    monkeypatch.setenv("PROPDESK_PASSWORD", "wrong")
    code, _out, err = run(capsys, "--book", book, "--user", "老王", "compound", "list")
    assert code == 2 and "用户名或密码不正确" in err

    monkeypatch.setenv("PROPDESK_PASSWORD", "s3cret-pass")
    assert (
        run(capsys, "--book", book, "--user", "老王", "user", "add", "小李", "--role", "clerk")[0]
        == 0
    )
    code, out, _ = run(capsys, "--book", book, "--user", "老王", "user", "list")
    assert "小李" in out and "收费员" in out
    code, _out, err = run(capsys, "--book", book, "--user", "小李", "close", "--period", "2026-01")
    assert code == 2 and "无权结账或反结账" in err
    assert run(capsys, "--book", book, "--user", "小李", "compound", "add", "幸福里小区")[0] == 0
