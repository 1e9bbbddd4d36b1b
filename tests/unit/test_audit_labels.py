"""Every action the code can record in the audit trail has a plain-English label.

The action codes are read from the source: each ``AuditEntry(...)`` call's first argument, and
where that is a variable, the strings it can hold (an assignment in the same function, or the
argument the callers pass for that parameter, followed up through helper functions)."""

from __future__ import annotations

import ast
from pathlib import Path

from divert_desktop.services.audit.labels import ACTION_LABELS, action_text

PACKAGE = Path(__file__).resolve().parents[2] / "divert_desktop"


class _Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None

    def calls_to(self, name: str) -> list[ast.Call]:
        return [
            n
            for n in ast.walk(self.tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
        ]


def _strings(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _argument(call: ast.Call, position: int, name: str) -> ast.AST | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return call.args[position] if position < len(call.args) else None


def _resolve(module: _Module, node: ast.AST, where: str, depth: int = 0) -> set[str]:
    """The strings an expression used as an action can be; fails on anything it cannot follow."""
    assert depth < 5, f"{where}: the action code is passed through too many functions"
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Attribute):  # a field: its default and every value passed for it
        found = _field_values(node.attr)
        assert found, f"{where}: cannot tell which actions .{node.attr} holds"
        return found
    assert isinstance(node, ast.Name), f"{where}: write the action code as a plain string"
    function = module.function_of(node)
    assert function is not None, where
    assigned = [
        a
        for a in ast.walk(function)
        if isinstance(a, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == node.id for t in a.targets)
    ]
    if assigned:
        return set().union(*(_strings(a.value) for a in assigned))
    params = [a.arg for a in function.args.args]
    assert node.id in params, f"{where}: cannot tell which actions {node.id!r} holds"
    position = params.index(node.id)
    found: set[str] = set()
    callers = module.calls_to(function.name)
    assert callers, f"{where}: nothing calls {function.name}"
    for call in callers:
        value = _argument(call, position, node.id)
        assert value is not None, f"{where}: a call of {function.name} passes no action"
        found |= _resolve(module, value, f"{module.path.name}:{call.lineno}", depth + 1)
    return found


def _modules() -> list[_Module]:
    paths = sorted(PACKAGE.rglob("*.py"))
    return [_Module(p) for p in paths if "migrations" not in p.parts]


def _field_values(attr: str) -> set[str]:
    found: set[str] = set()
    for module in _modules():
        for node in ast.walk(module.tree):
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == attr
                and node.value is not None
            ):
                found |= _strings(node.value)
            if isinstance(node, ast.Call):
                found |= set().union(*(_strings(k.value) for k in node.keywords if k.arg == attr))
    return found


def recorded_actions() -> set[str]:
    actions: set[str] = set()
    for module in _modules():
        path = module.path
        for call in module.calls_to("AuditEntry"):
            first = _argument(call, 0, "action")
            assert first is not None, f"{path.name}:{call.lineno}"
            actions |= _resolve(module, first, f"{path.name}:{call.lineno}")
    return actions


def test_every_recorded_action_has_a_plain_english_label() -> None:
    actions = recorded_actions()
    # The reader follows variables: these are only ever passed through one.
    assert {
        "user.enable",
        "user.disable",
        "appointment.arrived",
        "onward.consent",
        "service.retire",
        "referral.override",
        "person.view",
    } <= actions
    missing = sorted(actions - set(ACTION_LABELS))
    assert missing == [], f"add labels to services/audit_labels.py for: {missing}"
    for action in actions:
        label = action_text(action)
        assert label[0].isupper() and "." not in label and "_" not in label, (action, label)


def test_labels_are_distinct_so_the_filter_list_can_tell_them_apart() -> None:
    labels = list(ACTION_LABELS.values())
    assert len(labels) == len(set(labels))
