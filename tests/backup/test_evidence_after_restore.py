"""A backup restored into a fresh instance keeps every hazard's chain, its photos and its sealed days intact."""
from safety.common.office_time import office_today
from tests.evidence.conftest import recorded  # noqa: F401
from tests.hazards.conftest import enterprise_user  # noqa: F401


def test_the_chain_verifies_after_a_restore(source, fresh_instance, recorded, tmp_path):  # noqa: F811
    assert source.invoke("seal-evidence", "--day", office_today().isoformat()).exit_code == 0
    backup = tmp_path / "backup"
    assert source.invoke("backup", "create", str(backup)).exit_code == 0
    restored = fresh_instance.flask("backup", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    checked = fresh_instance.flask("verify-evidence")
    assert checked.returncode == 0, checked.stderr
    assert "Evidence intact: 1 hazards, 3 events, 5 photos, 1 sealed days" in checked.stdout
