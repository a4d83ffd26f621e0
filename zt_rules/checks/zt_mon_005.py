"""ZT_MON_005: high-severity GuardDuty findings not wired to an automatic response."""
from zt_rules.tf.events import guardduty_gap, pattern_of
from zt_rules.tf.graph import parse_refs
from zt_rules.tf.stack import AccountCheck, is_true, join, region_label, register


class GuardDutyResponse(AccountCheck):
    rule_id = "ZT_MON_005"

    def account_hits(self, stack):
        min_sev = stack.config.min_severity
        rules, gaps = [], {}
        for i in stack.resources("aws_cloudwatch_event_rule"):
            gap = self._gap(stack, i, min_sev)
            if gap:
                gaps[i] = gap
            else:
                rules.append(i)
        for region in stack.target_regions():
            here, unknown = stack.in_region(rules, region)
            notes = [f"{stack.address(i)}: {g}" for i, g in gaps.items() if i in stack.in_region([i], region)[0]]
            wired, broken = False, []
            for rule in here:
                targets = stack.referrers("aws_cloudwatch_event_target", "rule", rule,
                                          self._literals(stack, rule, "name"))[0]
                if not targets:
                    notes.append(f"{stack.address(rule)}: no target")
                for target in targets:
                    kind, function = self._target(stack, target)
                    if kind == "bus" or (kind == "lambda" and self._permitted(stack, rule, function)):
                        wired = True
                    elif kind == "lambda":
                        broken.append((rule, target, function))
                    else:
                        notes.append(f"{stack.address(target)}: not a Lambda function or event bus")
            for rule, target, function in broken:
                name = stack.address(function) if isinstance(function, int) else function
                yield region, self.hit(
                    f"{stack.address(target)} sends {stack.address(rule)}'s findings to {name}, but no "
                    f"aws_lambda_permission lets events.amazonaws.com invoke it with source_arn = "
                    f"{stack.address(rule)}.arn: EventBridge's invocations are denied and the response never runs",
                    key=f"{stack.address(target)}:permission")
            if wired or broken:
                continue
            where = region_label(region)
            if unknown:
                names = join(stack.address(i) for i in unknown)
                yield region, self.hit(f"cannot tell whether {names} serves {where}: its region is not resolved",
                                       unknown=f"region of {names}", key=region or "")
                continue
            why = f" ({'; '.join(notes)})" if notes else ""
            yield region, self.hit(
                f"no EventBridge rule in {where} sends GuardDuty findings of severity {min_sev:g} or more to a "
                f"response target (a Lambda function or a central event bus){why}: high-severity findings "
                "there get no automatic response", key=region or "")

    @staticmethod
    def _gap(stack, rule, min_sev) -> str | None:
        attrs = stack.attrs(rule)
        if attrs.get("state") == "DISABLED" or not is_true(attrs.get("is_enabled"), True):
            return "the rule is disabled"
        if attrs.get("event_pattern") is None:
            return "it has no event_pattern"
        return guardduty_gap(pattern_of(attrs.get("event_pattern")), min_sev)

    @staticmethod
    def _literals(stack, idx, *keys) -> list[str]:
        """Literal values of a resource that a rendered reference may have become."""
        return [v for k in keys if isinstance(v := stack.attrs(idx).get(k), str)]

    @staticmethod
    def _target(stack, target):
        """('lambda', vertex or reference text) | ('bus', None) | ('other', None)."""
        arn = stack.attrs(target).get("arn")
        found, _ = stack.graph.resolve(target, "arn", arn)
        for i in found:
            rtype = stack.attrs(i).get("resource_type")
            if rtype in ("aws_lambda_function", "aws_lambda_alias"):
                return "lambda", i
            if rtype == "aws_cloudwatch_event_bus":
                return "bus", None
        refs = [r for r in parse_refs(arn) if r.type in ("aws_lambda_function", "aws_lambda_alias")]
        if refs:
            return "lambda", f"{refs[0].type}.{refs[0].name}"
        text = arn if isinstance(arn, str) else ""
        if text.startswith("arn:aws:lambda:"):
            return "lambda", text
        if ":event-bus/" in text:
            return "bus", None
        return "other", None

    def _permitted(self, stack, rule, function) -> bool:
        for p in stack.resources("aws_lambda_permission"):
            attrs = stack.attrs(p)
            if attrs.get("principal") != "events.amazonaws.com":
                continue
            if not stack.refers_to(p, "source_arn", rule):
                continue
            if isinstance(function, int):
                if stack.refers_to(p, "function_name", function,
                                   self._literals(stack, function, "function_name", "arn")):
                    return True
            elif isinstance(attrs.get("function_name"), str) and attrs["function_name"].startswith(function):
                return True
        return False


check = register(GuardDutyResponse())
