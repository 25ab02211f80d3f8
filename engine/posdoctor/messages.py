"""Every interface string, in English and Chinese: one catalogue, looked up by stable key.

What a person reads from posdoctor (CLI words and labels, report and handbook labels, Q&A
prompts and replies, the messages of the errors a user can cause) lives here; what the
knowledge base says (titles, questions, fixes) stays in its YAML. ``say(key, lang, **fields)``
returns the text in ``lang`` (English when a language has no entry), with ``{name}``
placeholders filled from ``fields``. docs/messages.md says how to add a string or a language.

This module is the package's bottom layer: it imports nothing of posdoctor, so every layer may
use it, and it is a plain dict so that importing it costs nothing at start-up.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "zh")

# Entries whose languages may use different placeholders, and why (tests check all others).
UNEVEN = {
    "fact.not_a_choice": "the English suggests the closest choice, the Chinese lists them all",
}

# Entries whose Chinese is still the English text (said the same way in both languages until
# someone translates them: then take the key out of this set; tests check zh == en here).
UNTRANSLATED = frozenset(
    {
        "ask.session",
        "ask.failed",
        "cli.interrupted",
        "cli.invalid_json",
        "fact.not_a_mapping",
        "runbook.html_needs_dir",
        "runbook.template_error",
        "runbook.unknown_cause",
        "runbook.unknown_cause_close",
        "runbook.empty_category",
        "runbook.cannot_write",
        "runbook.no_template_dir",
    }
)

MESSAGES: dict[str, dict[str, str]] = {
    # cli/conversation.py: the Q&A at the terminal
    "ask.q": {"en": "Question", "zh": "问题"},
    "ask.how_check": {"en": "How to check", "zh": "检查方法"},
    "ask.answers": {"en": "Answer", "zh": "可回答"},
    "ask.yesno": {"en": "yes / no / unknown", "zh": "是 / 否 / 不知道"},
    "ask.number": {"en": "a number", "zh": "一个数字"},
    "ask.top": {"en": "Most likely now", "zh": "目前最可能"},
    "ask.try": {"en": "Try this", "zh": "请尝试"},
    "ask.worked": {
        "en": "Did it work? (yes / no / skip)",
        "zh": "问题解决了吗？（是 / 否 / 跳过）",
    },
    "ask.risky": {"en": "⚠ RISKY step", "zh": "⚠ 有风险的操作"},
    "ask.confirm": {
        "en": "Type 'confirm' to go ahead, or 'skip'",
        "zh": "输入 confirm 确认执行，或 skip 跳过",
    },
    "ask.resolved": {"en": "Resolved. Session saved as", "zh": "问题已解决。会话已保存"},
    "ask.saved": {"en": "Session saved; resume with", "zh": "会话已保存，继续请运行"},
    "ask.escalate": {
        "en": "Every fix worth trying was tried: escalate.",
        "zh": "所有可行的修复都已尝试，请升级处理。",
    },
    "ask.doubted": {
        "en": "doubted: an answer may be wrong, so this weakens the cause (x{ratio}) instead of ruling it out",
        "zh": "存疑：回答可能有误，所以这只削弱该原因（×{ratio}），不排除它",
    },
    "ask.escalate_other": {
        "en": "Another cause, one this knowledge base does not describe, is now the likeliest ({share}): escalate with the report.",
        "zh": "现在最可能的是知识库之外的其他原因（{share}），请带上报告升级处理。",
    },
    "ask.escalate_cheaper": {
        "en": "No step left is likely enough to be worth its minutes before second line: escalate with the report.",
        "zh": "剩下的步骤成功的可能太小，不如直接交给二线：请带上报告升级处理。",
    },
    "ask.stop_clear": {
        "en": "One cause is clearly ahead: on to the fixes.",
        "zh": "已有一个原因明显领先，开始修复。",
    },
    "ask.stop_worth": {
        "en": "No question is worth its cost any more: on to the fixes.",
        "zh": "再提问已不值得，开始修复。",
    },
    "ask.stop_cannot_tell": {
        "en": "The caller could not tell most of what was asked, so further questions are unlikely to be answered: on to the fixes.",
        "zh": "来电者对大多数问题都答不上来，再问也难有答案，开始修复。",
    },
    "ask.why": {"en": "Why this question", "zh": "为什么问这个"},
    "ask.doubts": {
        "en": 'A second opinion: the ranking turns on the answer to "{q}"; this is the question that tells most if that answer was wrong.',
        "zh": "复核：目前的排名取决于对“{q}”的回答；这个问题最能查明那个回答是否有误。",
    },
    "ask.withdrawn": {"en": "Withdrawn", "zh": "撤回的结论"},
    "ask.added": {"en": "Added", "zh": "新增的结论"},
    "ask.undone": {"en": "Undone", "zh": "已撤销"},
    "ask.another": {"en": "another cause", "zh": "知识库以外的原因"},
    "ask.text": {"en": "the text, word for word / unknown", "zh": "照原文输入 / 不知道"},
    "ask.help": {
        "en": "Commands: why, how, back, change FACT VALUE, skip, fix, report, save, quit",
        "zh": "命令：why（为什么问）、how（如何得出排名）、back（撤销上一步）、change 事实 值（修改答案）、skip（跳过）、fix（直接进入修复）、report（升级报告）、save（保存）、quit（退出）",
    },
    "ask.session": {"en": "session {id}", "zh": "session {id}"},
    "ask.bits": {"en": "bits", "zh": "比特信息量"},
    "ask.rules": {"en": "rules: {rules}", "zh": "规则：{rules}"},
    "ask.failed": {"en": "failed", "zh": "failed"},
    # output/render.py: the reports' labels (templates: label(...))
    "label.diagnosis": {"en": "Diagnosis", "zh": "诊断结果"},
    "label.rank": {"en": "#", "zh": "排名"},
    "label.prob": {"en": "Probability", "zh": "概率"},
    "label.category": {"en": "Category", "zh": "类别"},
    "label.cause": {"en": "Cause", "zh": "原因"},
    "label.evidence": {"en": "Evidence", "zh": "依据"},
    "label.fixes": {"en": "Fix steps", "zh": "修复步骤"},
    "label.verify": {"en": "Verify", "zh": "验证"},
    "label.minutes": {"en": "min", "zh": "分钟"},
    "label.risky": {"en": "Risky", "zh": "有风险"},
    "label.escalate": {"en": "Escalate to", "zh": "升级给"},
    "label.unexplained": {"en": "Another cause", "zh": "知识库以外的原因"},
    "label.facts": {"en": "Known facts", "zh": "已知事实"},
    "label.next": {"en": "Next checks", "zh": "下一步检查"},
    "label.ruled_out": {"en": "Ruled out", "zh": "已排除"},
    "label.log": {"en": "Recognised in the log", "zh": "日志中识别出的信息"},
    "label.warnings": {"en": "Warnings", "zh": "注意"},
    "label.line": {"en": "Line", "zh": "行"},
    # categories
    "category.network": {"en": "Network", "zh": "网络"},
    "category.hardware": {"en": "Hardware", "zh": "硬件"},
    "category.software": {"en": "Software", "zh": "软件"},
    "category.security_policy": {"en": "Security policy", "zh": "安全策略"},
    "category.configuration": {"en": "Configuration", "zh": "配置"},
    "category.server": {"en": "Update server", "zh": "更新服务器"},
    "category.package": {"en": "Update package", "zh": "更新包"},
    # textout
    "text.risky": {"en": "RISKY", "zh": "有风险"},
    "text.line": {"en": "log line", "zh": "日志行"},
    "text.warn": {"en": "Warning", "zh": "注意"},
    # phrases
    "phrase.not": {"en": "not ", "zh": "不是"},
    "phrase.or": {"en": "or", "zh": "或"},
    "phrase.known": {"en": "known", "zh": "已知"},
    "phrase.unknown": {"en": "unknown", "zh": "未知"},
    "phrase.matches": {"en": "contains", "zh": "包含"},
    "strength.weak": {"en": "weak", "zh": "弱"},
    "strength.moderate": {"en": "moderate", "zh": "中等"},
    "strength.strong": {"en": "strong", "zh": "强"},
    "strength.very_strong": {"en": "very strong", "zh": "很强"},
    "triage.open": {"en": "No clear cause yet: keep asking", "zh": "尚无明显原因，继续提问"},
    # handbook words.j2
    "handbook.colon": {"en": ": ", "zh": "："},
    "handbook.title": {"en": "Troubleshooting handbook", "zh": "故障排查手册"},
    "handbook.start": {"en": "Start here", "zh": "从这里开始"},
    "handbook.index": {"en": "Index of causes", "zh": "原因索引"},
    "handbook.print_all": {"en": "Print all", "zh": "打印全部"},
    "handbook.search": {
        "en": "Search causes, symptoms, log messages…",
        "zh": "搜索原因、症状、日志信息……",
    },
    "handbook.search_button": {"en": "Search", "zh": "搜索"},
    "handbook.results": {"en": "{n} cause(s) found", "zh": "找到 {n} 个原因"},
    "handbook.no_results": {
        "en": "No cause matches. Try a shorter word, or the exact text from the log.",
        "zh": "没有找到匹配的原因。试试更短的词，或日志中的原文。",
    },
    "handbook.intro": {
        "en": "Generated from the knowledge base, so it says exactly what the diagnosis engine knows (causes: {causes}; categories: {categories}).",
        "zh": "本手册由知识库生成，与诊断引擎所知完全一致。共 {causes} 个原因，分为 {categories} 个类别。",
    },
    "handbook.start_intro": {
        "en": "When a remote update fails, ask and check in this order: each question is the one that tells the most per minute of checking given what is known (the same order posdoctor ask uses).",
        "zh": "远程更新失败时，按下面的顺序提问和检查：每个问题都是在当前已知情况下，每分钟检查时间能提供最多信息的那一个（与 posdoctor ask 的提问顺序相同）。",
    },
    "handbook.start_cta": {
        "en": "Not sure where to begin? Follow the triage flowchart.",
        "zh": "不知道从哪里查起？先按分诊流程图提问。",
    },
    "handbook.flowchart": {"en": "Triage flowchart", "zh": "分诊流程图"},
    "handbook.flow_legend": {
        "en": "Boxes are questions to ask, arrows are answers, rounded boxes are the most likely cause at that point (with its probability), red boxes mean keep asking. Click a cause for its page.",
        "zh": "方框是要问的问题，连线上是回答，圆角框是此时最可能的原因（及其概率），红框表示还需继续提问。点击原因查看详情。",
    },
    "handbook.questions": {"en": "Check in this order", "zh": "按顺序检查"},
    "handbook.answer": {"en": "Answer", "zh": "回答"},
    "handbook.chance": {"en": "Chance", "zh": "可能性"},
    "handbook.then_top": {"en": "Most likely cause then", "zh": "此时最可能的原因"},
    "handbook.nothing_yet": {"en": "no clear cause yet", "zh": "尚无明显原因"},
    "handbook.minutes_to_check": {"en": "Time to check", "zh": "检查用时"},
    "handbook.how_common": {"en": "How common", "zh": "常见程度"},
    "handbook.of_failures": {"en": "of failed updates", "zh": "的更新失败由此引起"},
    "handbook.fix_time": {"en": "Checklist time", "zh": "清单总用时"},
    "handbook.what": {"en": "What it is", "zh": "这是什么"},
    "handbook.diagram": {"en": "Evidence diagram", "zh": "证据图"},
    "handbook.diagram_legend": {
        "en": "Observable facts on the left, rules (with their strength) in the middle, the cause on the right. Purple boxes are facts derived from other facts.",
        "zh": "左侧是可观察的事实，中间是规则（及其强度），右侧是原因。紫色框是由其他事实推导出的事实。",
    },
    "handbook.symptoms": {"en": "Symptoms that point to it", "zh": "指向此原因的症状"},
    "handbook.when": {"en": "When", "zh": "当"},
    "handbook.and": {"en": "and", "zh": "且"},
    "handbook.or": {"en": "or", "zh": "或者"},
    "handbook.against": {"en": "Signs against it", "zh": "不利于此原因的迹象"},
    "handbook.rules_out": {"en": "rules it out", "zh": "排除"},
    "handbook.no_symptoms": {
        "en": "No rule of the knowledge base points to this cause directly.",
        "zh": "知识库中没有直接指向此原因的规则。",
    },
    "handbook.logs": {"en": "Log messages", "zh": "日志信息"},
    "handbook.logs_intro": {
        "en": "These messages in a log point to this cause:",
        "zh": "日志中出现以下信息时，指向此原因：",
    },
    "handbook.pattern": {"en": "Pattern", "zh": "匹配模式"},
    "handbook.sets": {"en": "Means", "zh": "得出"},
    "handbook.no_logs": {
        "en": "No log signature of the knowledge base points to this cause.",
        "zh": "知识库中没有指向此原因的日志特征。",
    },
    "handbook.confirm": {"en": "How to confirm", "zh": "如何确认"},
    "handbook.confirm_intro": {
        "en": "Check these facts (quickest first):",
        "zh": "检查下列事实（先做用时最短的）：",
    },
    "handbook.points_here": {"en": "Answers that point here", "zh": "指向此原因的回答"},
    "handbook.fix": {"en": "Fix checklist", "zh": "修复清单"},
    "handbook.fix_intro": {
        "en": "Work down the list (best chance of success per minute first) and verify after each step:",
        "zh": "按顺序执行（每分钟成功机会最大的步骤在前），每一步后验证：",
    },
    "handbook.requires": {"en": "Do first", "zh": "需先完成"},
    "handbook.success": {"en": "Success rate", "zh": "成功率"},
    "handbook.warning": {"en": "Risk", "zh": "风险"},
    "handbook.escalate": {"en": "When and to whom to escalate", "zh": "何时升级、升级给谁"},
    "handbook.escalate_text": {
        "en": "If the update still fails after the checklist above, or a step is marked risky and you are not authorised to do it, escalate to",
        "zh": "如果完成上面的修复清单后更新仍然失败，或某一步标有风险而您无权执行，请升级给",
    },
    "handbook.escalate_give": {
        "en": "Give them: the terminal's model and serial number, the exact error text from the screen or log, the results of the checks above, and the steps tried with their results.",
        "zh": "请提供：终端型号与序列号、屏幕或日志中的原始错误信息、上面各项检查的结果，以及已尝试的步骤及其结果。",
    },
    "handbook.prevention": {"en": "Prevention", "zh": "预防建议"},
    "handbook.no_prevention": {
        "en": "The knowledge base has no prevention advice for this cause.",
        "zh": "知识库中没有针对此原因的预防建议。",
    },
    "handbook.sources": {"en": "Sources", "zh": "出处"},
    "handbook.section": {"en": "section", "zh": "章节"},
    "handbook.contents": {"en": "On this page", "zh": "本页内容"},
    "handbook.prev": {"en": "Previous", "zh": "上一个"},
    "handbook.next": {"en": "Next", "zh": "下一个"},
    "handbook.causes": {"en": "causes", "zh": "个原因"},
    "handbook.generated": {
        "en": "Generated by posdoctor from the knowledge base.",
        "zh": "由 posdoctor 根据知识库生成。",
    },
    # kb/model.py: a yes/no answer shown
    "answer.yes": {"en": "yes", "zh": "是"},
    "answer.no": {"en": "no", "zh": "否"},
    "answer.unknown": {"en": "unknown", "zh": "不知道"},
    "list.sep": {"en": ", ", "zh": "、"},
    # kb/answers.py: FactError, an answer that cannot be used
    "fact.unknown": {
        "en": "unknown fact '{fact}' (see 'posdoctor kb list facts')",
        "zh": "没有名为 '{fact}' 的事实（见 'posdoctor kb list facts'）",
    },
    "fact.unknown_close": {
        "en": "unknown fact '{fact}' (did you mean '{close}'?)",
        "zh": "没有名为 '{fact}' 的事实（是不是 '{close}'？）",
    },
    "fact.nan": {
        "en": "'{fact}': {value} is not a number",
        "zh": "'{fact}'：{value} 不是数字",
    },
    "fact.too_large": {
        "en": "'{fact}': {value} is too large: a number must be finite and at most 1e15",
        "zh": "'{fact}'：{value} 太大：数字必须是有限的，且不超过 1e15",
    },
    "fact.not_yes_no": {
        "en": "'{fact}' is yes/no: expected true or false (got {value})",
        "zh": "'{fact}' 应回答“是”或“否”（收到 {value}）",
    },
    "fact.not_a_number": {
        "en": "'{fact}' is a number (got {value})",
        "zh": "'{fact}' 应回答一个数字（收到 {value}）",
    },
    "fact.not_text": {
        "en": "'{fact}' is text (got {value})",
        "zh": "'{fact}' 应回答一段文字（收到 {value}）",
    },
    "fact.not_a_choice": {
        "en": "{value} is not a value of '{fact}' ({hint})",
        "zh": "{value} 不是 '{fact}' 的可选回答（可选：{choices}）",
    },
    "fact.choice": {"en": "{id} ({label})", "zh": "{id}（{label}）"},
    "fact.out_of_range": {
        "en": "{value} is outside the range of '{fact}' {span}",
        "zh": "{value} 超出 '{fact}' 的取值范围 {span}",
    },
    "fact.typed_not_yes_no": {
        "en": "'{fact}' is yes/no: expected true or false (got {value})",
        "zh": "'{fact}' 请回答 是 / 否 / 不知道（收到 {value}）",
    },
    "fact.typed_not_a_number": {
        "en": "'{fact}' is a number (got {value})",
        "zh": "'{fact}' 需要一个数字（收到 {value}）",
    },
    "fact.typed_not_a_number_unit": {
        "en": "'{fact}' is a number in {unit} (got {value})",
        "zh": "'{fact}' 需要一个数字（单位：{unit}）（收到 {value}）",
    },
    "fact.not_a_mapping": {
        "en": "facts must be a mapping of fact ids to values (got {type})",
        "zh": "facts must be a mapping of fact ids to values (got {type})",
    },
    "error.located": {"en": "{where}{problem}", "zh": "{where}{problem}"},
    # engine/__init__.py: MatcherError
    "matcher.not_a_matcher": {
        "en": "POSDOCTOR_MATCHER={name} is not a matcher (use one of: durable, python)",
        "zh": "POSDOCTOR_MATCHER={name} 不是可用的匹配器（可选：durable、python）",
    },
    "matcher.durable_missing": {
        "en": "POSDOCTOR_MATCHER=durable, but durable-rules is not installed for this Python",
        "zh": "POSDOCTOR_MATCHER=durable，但此 Python 上没有安装 durable-rules",
    },
    "matcher.unknown": {
        "en": "unknown matcher {name} (use one of: durable, python)",
        "zh": "没有名为 {name} 的匹配器（可选：durable、python）",
    },
    # ask/session.py and ask/phases.py: SessionError
    "session.nothing_to_undo": {"en": "nothing to undo", "zh": "没有可以撤销的操作"},
    "session.no_question": {
        "en": "there is no question to explain",
        "zh": "现在没有要解释的问题",
    },
    "session.unknown_cause": {
        "en": "unknown cause '{cause}'",
        "zh": "没有名为 '{cause}' 的原因",
    },
    "session.unknown_cause_close": {
        "en": "unknown cause '{cause}' (did you mean '{close}'?)",
        "zh": "没有名为 '{cause}' 的原因（是不是 '{close}'？）",
    },
    "session.bad_fix_result": {
        "en": "a fix result is worked, failed or skipped (got {value})",
        "zh": "修复结果只能是 worked、failed 或 skipped（收到 {value}）",
    },
    "session.tried_already": {
        "en": "step '{step}' was tried for cause '{cause}' already",
        "zh": "原因 '{cause}' 的步骤 '{step}' 已经试过",
    },
    "session.unknown_team": {
        "en": "unknown team '{team}'",
        "zh": "没有名为 '{team}' 的团队",
    },
    "session.unknown_team_close": {
        "en": "unknown team '{team}' (did you mean '{close}'?)",
        "zh": "没有名为 '{team}' 的团队（是不是 '{close}'？）",
    },
    "session.change_needs_fact": {
        "en": "change needs a fact: change FACT VALUE",
        "zh": "修改需要指明事实：change 事实 值",
    },
    "phase.refused": {
        "en": "cannot {action} now: the session is {phase}",
        "zh": "现在不能{action}：会话{phase}",
    },
    "phase.refused_hint": {
        "en": "cannot {action} now: the session is {phase} ({hint})",
        "zh": "现在不能{action}：会话{phase}（{hint}）",
    },
    "phase.asking": {"en": "asking questions", "zh": "正在提问"},
    "phase.fixing": {"en": "in the fix loop", "zh": "正在修复"},
    "phase.resolved": {"en": "resolved", "zh": "已解决"},
    "phase.escalated": {"en": "escalated", "zh": "已升级"},
    "phase.hint_start_fixing": {
        "en": "call start_fixing() first",
        "zh": "请先调用 start_fixing()",
    },
    "phase.hint_resume_asking": {
        "en": "call resume_asking() first",
        "zh": "请先调用 resume_asking()",
    },
    "phase.hint_second_line": {
        "en": "second line continues it with resume_asking()",
        "zh": "二线可调用 resume_asking() 继续处理",
    },
    "phase.hint_undo": {"en": "undo() reopens it", "zh": "调用 undo() 可重新打开"},
    "action.answer": {"en": "answer a question", "zh": "回答问题"},
    "action.skip": {"en": "skip a question", "zh": "跳过问题"},
    "action.change": {"en": "change an answer", "zh": "修改答案"},
    "action.start_fixing": {"en": "start fixing", "zh": "开始修复"},
    "action.resume_asking": {"en": "resume asking", "zh": "继续提问"},
    "action.next_fix": {"en": "propose a fix", "zh": "提出修复步骤"},
    "action.fix_result": {"en": "record a fix result", "zh": "记录修复结果"},
    "action.escalate": {"en": "escalate", "zh": "升级"},
    # ask/store.py: StoreError
    "store.no_session": {
        "en": "no saved session '{id}'",
        "zh": "没有保存的会话 '{id}'",
    },
    "store.no_session_recent": {
        "en": "no saved session '{id}' (recent: {recent})",
        "zh": "没有保存的会话 '{id}'（最近的：{recent}）",
    },
    "store.cannot_read": {
        "en": "cannot read session {path}: {why}",
        "zh": "无法读取会话 {path}：{why}",
    },
    # cli/common.py and cli/ask.py: UserError and replies
    "cli.cannot_read": {"en": "cannot read {path}: {why}", "zh": "无法读取 {path}：{why}"},
    "cli.fact_disagree": {
        "en": "--fact {first} and --fact {item} disagree: give {fact} once",
        "zh": "--fact {first} 与 --fact {item} 相互矛盾：{fact} 只能给一个值",
    },
    "cli.log_line": {"en": " (line {line})", "zh": "（第 {line} 行）"},
    "cli.log_not_used": {
        "en": "{fact}: the log's {logged}{at} was not used ({source} says unknown)",
        "zh": "{fact}：未采用日志中的 {logged}{at}（{source} 给出的是“不知道”）",
    },
    "cli.log_overridden": {
        "en": "{fact}={used} from {source} was used, not the log's {logged}{at}",
        "zh": "{fact}：采用了 {source} 给出的 {used}，而不是日志中的 {logged}{at}",
    },
    "cli.note": {"en": "Note: {note}", "zh": "注意：{note}"},
    "cli.file_too_big": {
        "en": "{path}: the file is bigger than {mib} MiB (see docs/limits.md)",
        "zh": "{path}：文件超过 {mib} MiB（见 docs/limits.md）",
    },
    "cli.too_deep": {
        "en": "{path}:{line}:{col}: nested more than {depth} levels deep",
        "zh": "{path}:{line}:{col}：嵌套超过 {depth} 层",
    },
    "cli.facts_key_not_mapping": {
        "en": "{path}:{line}:{col}: facts: must map fact ids to values, "
        "e.g. facts: {{some_fact: true}} (got {got})",
        "zh": "{path}:{line}:{col}：facts：应是 事实名称 → 值 的映射，"
        "例如 facts: {{some_fact: true}}（收到{got}）",
    },
    "cli.kind_list": {"en": "a list", "zh": "列表"},
    "cli.kind_text": {"en": "text", "zh": "文字"},
    "cli.kind_number": {"en": "a number", "zh": "数字"},
    "cli.kind_bool": {"en": "true or false", "zh": "真或假"},
    "cli.kind_none": {"en": "nothing", "zh": "空值"},
    "cli.kind_other": {"en": "something else", "zh": "其他"},
    "cli.fact_format": {
        "en": "--fact takes NAME=VALUE (got {item})",
        "zh": "--fact 的格式是 名称=值（收到 {item}）",
    },
    "cli.facts_not_mapping": {
        "en": "{path}: expected a mapping of fact names to values",
        "zh": "{path}：应是 事实名称 → 值 的映射",
    },
    "cli.resume_with_facts": {
        "en": "--resume continues a saved session: give no new facts with it",
        "zh": "--resume 继续已保存的会话：不能同时给出新的事实",
    },
    "cli.nothing_to_delete": {"en": "nothing to delete", "zh": "没有要删除的会话"},
    "cli.deleted": {"en": "deleted {id}", "zh": "已删除 {id}"},
    "cli.no_sessions": {"en": "no saved sessions", "zh": "没有保存的会话"},
    "cli.answers_count": {"en": "{n} answer(s)", "zh": "{n} 个回答"},
    "cli.interrupted": {"en": "posdoctor: interrupted", "zh": "posdoctor: interrupted"},
    "cli.kb_has_errors": {
        "en": "posdoctor: error: the knowledge base has errors (run 'posdoctor kb check')",
        "zh": "posdoctor：错误：知识库有错误（请运行 'posdoctor kb check'）",
    },
    "cli.invalid_json": {
        "en": "{path}:{line}:{col}: invalid JSON: {error}",
        "zh": "{path}:{line}:{col}: invalid JSON: {error}",
    },
    # logs/logscan.py: how the logs were read (LogEvidence.note) and NotALog
    "log.kind_zip": {"en": "a zip archive", "zh": "zip 压缩包"},
    "log.kind_gzip": {"en": "a gzip file", "zh": "gzip 压缩文件"},
    "log.kind_png": {"en": "a PNG image", "zh": "PNG 图片"},
    "log.kind_jpeg": {"en": "a JPEG image", "zh": "JPEG 图片"},
    "log.is_an_archive": {
        "en": "{source} is {what}, not a log: give the log inside it as a text file",
        "zh": "{source} 是 {what}，不是日志：请提供其中的日志文本文件",
    },
    "log.binary_share": {
        "en": "{pct}% of its first {kib} KiB are NUL or control bytes",
        "zh": "前 {kib} KiB 中 {pct}% 是 NUL 或控制字节",
    },
    "log.binary": {
        "en": "{source} looks binary, not like a log ({share}); "
        "give the text log, or paste its error lines with --log -",
        "zh": "{source} 看起来是二进制文件，不是日志（{share}）；"
        "请提供文本日志，或用 --log - 粘贴其中的错误行",
    },
    "log.partly_binary": {
        "en": "{source} looks partly binary ({share}): it was read as text anyway",
        "zh": "{source} 看起来部分是二进制内容（{share}）：仍按文本读取",
    },
    "log.truncated": {
        "en": "{source}: only its first {lines} lines ({mib} MiB) were read, the rest was ignored "
        "(the limit is {size} or {max_lines} lines of log; see docs/limits.md)",
        "zh": "{source}：只读取了前 {lines} 行（{mib} MiB），其余部分已忽略"
        "（日志上限为 {size} 或 {max_lines} 行；见 docs/limits.md）",
    },
    "log.several": {
        "en": "{n} logs read as one, in order: {parts}",
        "zh": "按顺序把 {n} 个日志当作一个读取：{parts}",
    },
    "log.part": {"en": "{source} (lines {first}-{last})", "zh": "{source}（第 {first}-{last} 行）"},
    "log.part_sep": {"en": ", ", "zh": "，"},
    # cli/runbook.py: UserError
    "runbook.html_needs_dir": {
        "en": "--format html writes a folder of pages: give it with -o DIR",
        "zh": "--format html writes a folder of pages: give it with -o DIR",
    },
    "runbook.template_error": {"en": "template error: {error}", "zh": "template error: {error}"},
    "runbook.unknown_cause": {"en": "unknown cause '{cause}'", "zh": "unknown cause '{cause}'"},
    "runbook.unknown_cause_close": {
        "en": "unknown cause '{cause}' (did you mean '{close}'?)",
        "zh": "unknown cause '{cause}' (did you mean '{close}'?)",
    },
    "runbook.empty_category": {
        "en": "the knowledge base has no cause in category '{category}'",
        "zh": "the knowledge base has no cause in category '{category}'",
    },
    "runbook.cannot_write": {
        "en": "cannot write {path}: {why}",
        "zh": "cannot write {path}: {why}",
    },
    "runbook.no_template_dir": {
        "en": "--templates {path}: no such folder",
        "zh": "--templates {path}: no such folder",
    },
    # output/report.py: a diagnosis' warnings
    "report.nothing_recognised": {
        "en": "nothing in the log was recognised: the causes below are ranked by how common "
        "they are (their priors), not by evidence",
        "zh": "日志中没有识别出任何已知信息：下列原因仅按其常见程度（先验概率）排序，并非依据证据",
    },
    # templates/escalation.*.j2: the escalation report
    "escalation.title": {"en": "Escalation report", "zh": "升级报告"},
    "escalation.status": {"en": "Status", "zh": "状态"},
    "escalation.generated": {"en": "Generated", "zh": "生成时间"},
    "escalation.owner": {"en": "Recommended next owner", "zh": "建议接手"},
    "escalation.note": {"en": "Note", "zh": "备注"},
    "escalation.known": {"en": "What is known", "zh": "已知情况"},
    "escalation.nothing": {"en": "(nothing)", "zh": "（无）"},
    "escalation.none": {"en": "(none)", "zh": "（无）"},
    "escalation.answers": {"en": "Questions and answers", "zh": "问答记录"},
    "escalation.skipped": {"en": "skipped", "zh": "跳过"},
    "escalation.revised": {"en": "revised", "zh": "已修改"},
    "escalation.second_opinion": {"en": "second opinion on", "zh": "复核"},
    "escalation.log_nothing": {
        "en": "Nothing in the log was recognised",
        "zh": "日志中没有识别出已知的错误信息",
    },
    "page.lang": {"en": "en", "zh": "zh-CN"},  # an HTML page's lang attribute (BCP 47)
    "escalation.fixes_tried": {"en": "Fixes tried", "zh": "已尝试的修复"},
    "escalation.remaining": {"en": "Remaining causes", "zh": "仍可能的原因"},
    # fleet triage reports (fleet/report.py and its templates: t = the fleet.* words)
    "fleet.title": {"en": "Fleet triage", "zh": "批量失败分析"},
    "fleet.attempts": {"en": "attempts", "zh": "次更新"},
    "fleet.failed": {"en": "failed", "zh": "失败"},
    "fleet.elsewhere": {"en": "elsewhere", "zh": "其他终端"},
    "fleet.terminals": {"en": "terminals", "zh": "台终端"},
    "fleet.with_failure": {"en": "with a failure", "zh": "台有失败"},
    "fleet.failed_attempts": {"en": "failed attempts", "zh": "次失败"},
    "fleet.of_all": {"en": "of all failures", "zh": "占全部失败"},
    "fleet.errors": {"en": "top errors", "zh": "主要错误"},
    "fleet.stage": {"en": "stage", "zh": "阶段"},
    "fleet.likely": {"en": "likely cause", "zh": "可能原因"},
    "fleet.escalate": {"en": "escalate to", "zh": "联系"},
    "fleet.aliases": {"en": "also explained by", "zh": "相关的组合"},
    "fleet.unexplained": {"en": "unexplained", "zh": "无法归因"},
    "fleet.none": {
        "en": "No cluster explains the failures: they look independent; diagnose terminals one by one.",
        "zh": "没有哪组共同因素能解释这些失败：它们看起来彼此独立，请逐台诊断。",
    },
    "fleet.skipped": {"en": "rows skipped", "zh": "跳过的行"},
    "fleet.onset": {"en": "onset", "zh": "开始方式"},
    "fleet.rr": {"en": "RR", "zh": "风险比"},
    "fleet.over_time": {"en": "failures over time", "zh": "失败随时间"},
    "fleet.rate_in_out": {"en": "failure rate inside vs outside", "zh": "组内与组外失败率"},
    "fleet.no_diagnosis": {"en": "no cause concluded", "zh": "未得出原因"},
    # patterns / fuzz (branch re2)
    "argparse.usage": {"en": "usage: ", "zh": "用法："},
    "argparse.error_line": {
        "en": "{prog}: error: {message} (see: {prog} --help)",
        "zh": "{prog}：错误：{message}（参见：{prog} --help）",
    },
    "argparse.argument": {"en": "argument {name}: {message}", "zh": "参数 {name}：{message}"},
    "argparse.expected_one": {"en": "expected one argument", "zh": "需要一个值"},
    "argparse.expected_some": {"en": "expected at least one argument", "zh": "至少需要一个值"},
    "argparse.choice": {
        "en": "invalid choice: {value} (choose from {choices})",
        "zh": "无效的选择：{value}（可选：{choices}）",
    },
    "argparse.required": {
        "en": "the following arguments are required: {names}",
        "zh": "缺少必需的参数：{names}",
    },
    "argparse.unrecognized": {
        "en": "unrecognized arguments: {args}",
        "zh": "无法识别的参数：{args}",
    },
    "argparse.invalid_value": {
        "en": "invalid {type} value: {value}",
        "zh": "无效的 {type} 值：{value}",
    },
    "argparse.ambiguous": {
        "en": "ambiguous option: {option} could match {matches}",
        "zh": "选项有歧义：{option} 可以是 {matches}",
    },
    "argparse.not_with": {
        "en": "not allowed with argument {name}",
        "zh": "不能与参数 {name} 同时使用",
    },
    "argparse.positive": {
        "en": "expected a positive whole number (got {value})",
        "zh": "需要一个正整数（输入的是 {value}）",
    },
    "help.posdoctor": {
        "en": "Why did a POS terminal's remote update fail, and how to fix it.",
        "zh": "POS 终端远程更新为什么失败，以及如何修复。",
    },
    "help.help": {"en": "show this help message and exit", "zh": "显示本帮助并退出"},
    "help.version": {"en": "show the version and the matcher", "zh": "显示版本和所用的规则匹配器"},
    "help.kb": {"en": "check or list the knowledge base", "zh": "检查或列出知识库"},
    "help.diagnose": {
        "en": "rank the causes of a failed update from facts or a log",
        "zh": "根据事实或日志对更新失败的原因排序",
    },
    "help.ask": {
        "en": "help-desk questions and answers, then fixes, then escalation",
        "zh": "服务台问答，然后修复，最后升级处理",
    },
    "help.sessions": {
        "en": "list, delete or import saved help-desk sessions",
        "zh": "列出、删除或导入已保存的服务台会话",
    },
    "help.serve": {"en": "run the web help desk", "zh": "运行网页服务台"},
    "help.users": {"en": "accounts of the web desk", "zh": "网页服务台的账号"},
    "help.db": {
        "en": "the web desk's and the sessions' database",
        "zh": "网页服务台与会话的数据库",
    },
    "help.audit": {
        "en": "the audit log of the web desk and the sessions",
        "zh": "网页服务台与会话的审计日志",
    },
    "help.import": {
        "en": "import JSON session files of earlier versions (default: the old sessions folder)",
        "zh": "导入早期版本的 JSON 会话文件（默认：旧的会话文件夹）",
    },
    "help.db_url": {
        "en": "the database: sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME (default: "
        "posdoctor.db in the user data folder, or POSDOCTOR_HOME)",
        "zh": "数据库：sqlite:///路径 或 postgresql+psycopg://用户@主机/库名（默认：用户数据文件夹"
        "或 POSDOCTOR_HOME 中的 posdoctor.db）",
    },
    "help.host": {
        "en": "address to listen on (default 127.0.0.1)",
        "zh": "监听地址（默认 127.0.0.1）",
    },
    "help.port": {"en": "port (default 8000)", "zh": "端口（默认 8000）"},
    "help.workers": {"en": "worker processes", "zh": "工作进程数"},
    "help.users_commands": {"en": "users commands", "zh": "users 命令"},
    "help.users_add": {
        "en": "add an account (the password is read from standard input)",
        "zh": "添加账号（密码从标准输入读取）",
    },
    "help.users_list": {"en": "list the accounts", "zh": "列出账号"},
    "help.users_disable": {
        "en": "disable an account and end its logins",
        "zh": "停用账号并结束其登录",
    },
    "help.team": {"en": "the team (queue) the user works in", "zh": "用户所在的团队（队列）"},
    "help.password_stdin": {"en": "read the password (one line)", "zh": "读取密码（一行）"},
    "help.db_commands": {"en": "db commands", "zh": "db 命令"},
    "help.db_upgrade": {
        "en": "bring the database schema to the newest version",
        "zh": "把数据库结构升级到最新版本",
    },
    "help.audit_commands": {"en": "audit commands", "zh": "audit 命令"},
    "help.audit_verify": {
        "en": "check that no event or audit entry was changed or removed",
        "zh": "检查没有任何事件或审计记录被修改或删除",
    },
    "help.report": {"en": "the escalation report of a saved session", "zh": "已保存会话的升级报告"},
    "help.runbook": {
        "en": "write a troubleshooting handbook (Markdown or a static HTML site)",
        "zh": "生成故障排查手册（Markdown 或静态 HTML 网站）",
    },
    "help.fleet": {
        "en": "triage a fleet's update reports: which terminals fail together, why, and what to do",
        "zh": "分析终端群的更新报告：哪些终端一起失败、原因是什么、该怎么办",
    },
    "help.kb_check": {
        "en": "report every problem in the knowledge base",
        "zh": "报告知识库中的所有问题",
    },
    "help.kb_list": {
        "en": "list causes, facts, rules, steps or signatures",
        "zh": "列出原因、事实、规则、步骤或日志特征",
    },
    "help.kb_dir": {
        "en": "a knowledge base folder (knowledge/, rules/) instead of the bundled one",
        "zh": "使用指定的知识库文件夹（knowledge/、rules/），而不是内置知识库",
    },
    "help.lang": {
        "en": "language of the output (default: from POSDOCTOR_LANG or LANG)",
        "zh": "输出语言（默认取自 POSDOCTOR_LANG 或 LANG）",
    },
    "help.format": {
        "en": "output format (default: {default})",
        "zh": "输出格式（默认：{default}）",
    },
    "help.fact_known": {
        "en": "a fact known (repeatable), e.g. --fact some_fact=false "
        "(see: posdoctor kb list facts)",
        "zh": "一个已知事实（可重复），例如 --fact some_fact=false（参见：posdoctor kb list facts）",
    },
    "help.facts_known": {
        "en": "facts known, from a JSON or YAML file",
        "zh": "已知事实，来自 JSON 或 YAML 文件",
    },
    "help.log": {
        "en": "a log or error text to read facts from ('-' = standard input; repeatable: "
        "several are read in order as one)",
        "zh": "从中读取事实的日志或错误文本（'-' 表示标准输入；可重复：多个按顺序合起来读）",
    },
    "help.top": {"en": "show N causes", "zh": "显示 N 个原因"},
    "help.fact_already": {
        "en": "a fact already known (repeatable), e.g. --fact some_fact=false "
        "(see: posdoctor kb list facts)",
        "zh": "一个事先已知的事实（可重复），例如 --fact some_fact=false"
        "（参见：posdoctor kb list facts）",
    },
    "help.facts_already": {
        "en": "facts already known, from a JSON or YAML file",
        "zh": "事先已知的事实，来自 JSON 或 YAML 文件",
    },
    "help.resume": {"en": "continue a saved session", "zh": "继续一个已保存的会话"},
    "help.delete": {"en": "delete these sessions", "zh": "删除这些会话"},
    "help.older_than": {
        "en": "delete every session not updated for DAYS days (a retention policy)",
        "zh": "删除 DAYS 天内没有更新的所有会话（保留策略）",
    },
    "help.runbook_about": {
        "en": "A troubleshooting handbook generated from the knowledge base: per cause the "
        "symptoms and log messages that point to it, how to confirm and fix it, whom to escalate "
        "to; an index by category and a 'start here' triage page.",
        "zh": "由知识库生成的故障排查手册：每个原因的症状和指向它的日志信息、如何确认和修复、"
        "升级给谁；按类别的索引和一个“从这里开始”的分诊页。",
    },
    "help.cause": {"en": "a cause to include (repeatable)", "zh": "要包含的原因（可重复）"},
    "help.category": {
        "en": "every cause of one category (network, hardware, software, security_policy, "
        "configuration, server, package)",
        "zh": "某一类别的所有原因（network、hardware、software、security_policy、"
        "configuration、server、package）",
    },
    "help.all": {
        "en": "every cause, with the triage page (the default)",
        "zh": "所有原因，加上分诊页（默认）",
    },
    "help.output": {
        "en": "write into DIR: runbook.md, or the HTML site's pages (index.html first); without "
        "it Markdown goes to standard output",
        "zh": "写入 DIR：runbook.md，或 HTML 网站的各页（首页 index.html）；不指定时 Markdown "
        "输出到标准输出",
    },
    "help.templates": {
        "en": "a folder of templates overriding the built-in ones (same names)",
        "zh": "覆盖内置模板的模板文件夹（同名）",
    },
    "help.fleet_triage": {
        "en": "find the attribute combinations the failed attempts share",
        "zh": "找出失败的更新尝试共有的属性组合",
    },
    "help.fleet_generate": {
        "en": "write a synthetic fleet with injected causes and a truth file beside it",
        "zh": "生成注入了原因的模拟终端群，并在旁边写出真值文件",
    },
    "help.fleet_files": {
        "en": "CSV, Parquet or JSON Lines, one row per update attempt (globs allowed)",
        "zh": "CSV、Parquet 或 JSON Lines，每次更新尝试一行（可用通配符）",
    },
    "help.dims": {
        "en": "comma-separated dimension columns (default: every other one)",
        "zh": "逗号分隔的维度列（默认：其余所有列）",
    },
    "help.columns": {
        "en": "a column mapping: a shipped name (hawkbit, aws_iot_jobs, paxstore) or a YAML file",
        "zh": "列映射：内置名称（hawkbit、aws_iot_jobs、paxstore）或一个 YAML 文件",
    },
    "help.fleet_out": {"en": "write to OUT instead of stdout", "zh": "写入 OUT 而不是标准输出"},
    "help.engine": {
        "en": "where to count (spark needs: pip install 'posdoctor[spark]')",
        "zh": "在哪里计数（spark 需要：pip install 'posdoctor[spark]'）",
    },
    "help.fleet_top": {"en": "at most K clusters", "zh": "最多 K 个聚类"},
    "help.fleet_kb": {
        "en": "a knowledge base folder instead of the bundled one",
        "zh": "使用指定的知识库文件夹，而不是内置知识库",
    },
    "help.no_diagnosis": {"en": "clusters only, no rule engine", "zh": "只聚类，不运行规则引擎"},
    "help.generate_out": {
        "en": "FILE.parquet, FILE.csv or FILE.jsonl (truth: FILE.truth.json)",
        "zh": "FILE.parquet、FILE.csv 或 FILE.jsonl（真值：FILE.truth.json）",
    },
    "help.causes": {
        "en": "number of injected causes (default: 0-3 drawn from the seed)",
        "zh": "注入的原因数（默认：由随机种子在 0-3 中选）",
    },
    "help.case_study": {
        "en": "one network provider's terminals time out at download (the source document's "
        "case study)",
        "zh": "某一网络运营商的终端在下载时超时（原始文档中的案例）",
    },
    "help.positional": {"en": "positional arguments", "zh": "位置参数"},
    "help.options": {"en": "options", "zh": "选项"},
    "help.commands": {"en": "commands", "zh": "命令"},
    "help.kb_commands": {"en": "kb commands", "zh": "kb 子命令"},
    "help.fleet_commands": {"en": "fleet commands", "zh": "fleet 子命令"},
    "session_status.open": {"en": "open", "zh": "进行中"},
    "listing.id": {"en": "id", "zh": "编号"},
    "listing.category": {"en": "category", "zh": "类别"},
    "listing.title": {"en": "title", "zh": "标题"},
    "listing.prior": {"en": "prior", "zh": "先验概率"},
    "listing.type": {"en": "type", "zh": "类型"},
    "listing.label": {"en": "label", "zh": "名称"},
    "listing.cost_minutes": {"en": "cost_minutes", "zh": "检查用时（分钟）"},
    "listing.facts": {"en": "facts", "zh": "事实"},
    "listing.then": {"en": "then", "zh": "结论"},
    "listing.minutes": {"en": "minutes", "zh": "分钟"},
    "listing.risky": {"en": "risky", "zh": "有风险"},
    "listing.pattern": {"en": "pattern", "zh": "模式"},
    "listing.sets": {"en": "sets", "zh": "设置的事实"},
    "effect.supports": {"en": "supports", "zh": "支持"},
    "effect.opposes": {"en": "opposes", "zh": "反对"},
    "effect.rules_out": {"en": "rules_out", "zh": "排除"},
    "effect.set": {"en": "set", "zh": "设定"},
    "kb_problem.not_alone": {
        "en": "'not' must stand alone in its mapping",
        "zh": "'not' 必须单独写在它的映射里",
    },
    "kb_problem.capture_kind": {
        "en": "a capture can only set a number or text fact",
        "zh": "捕获组只能设置数字或文本类型的事实",
    },
    "kb_problem.no_fix": {
        "en": "a cause needs at least one fix step",
        "zh": "原因至少需要一个修复步骤",
    },
    "kb_problem.choice_values": {
        "en": "a choice fact needs 'values'",
        "zh": "选项类事实需要 'values'",
    },
    "kb_problem.one_conclusion": {
        "en": "a conclusion needs exactly one of: {kinds}",
        "zh": "结论必须有且只有以下之一：{kinds}",
    },
    "kb_problem.needs_fact": {
        "en": "a condition needs 'fact' (or all, any, not, present, absent)",
        "zh": "条件需要 'fact'（或 all、any、not、present、absent）",
    },
    "kb_problem.needs_op": {"en": "a condition needs an operator", "zh": "条件需要一个运算符"},
    "kb_problem.derived_text": {
        "en": "a derived fact cannot be free text",
        "zh": "推导事实不能是自由文本",
    },
    "kb_problem.self_derived": {
        "en": "a fact cannot be derived from itself",
        "zh": "事实不能由自身推导",
    },
    "kb_problem.needs_unit": {"en": "a number fact needs a 'unit'", "zh": "数字类事实需要 'unit'"},
    "kb_problem.needs_warning": {
        "en": "a risky step needs a 'warning'",
        "zh": "有风险的步骤需要 'warning'",
    },
    "kb_problem.needs_conclusion": {
        "en": "a rule needs at least one conclusion",
        "zh": "规则至少需要一个结论",
    },
    "kb_problem.empty_conditions": {"en": "an empty list of conditions", "zh": "条件列表为空"},
    "kb_problem.needs_instruction": {
        "en": "needs at least one instruction",
        "zh": "至少需要一条操作说明",
    },
    "kb_problem.needs_step": {
        "en": "needs at least one operator step",
        "zh": "至少需要一个操作步骤",
    },
    "kb_problem.needs_example": {
        "en": "needs at least one real example line",
        "zh": "至少需要一行真实的示例日志",
    },
    "kb_problem.two_values": {"en": "needs at least two values", "zh": "至少需要两个取值"},
    "kb_problem.never_holds": {
        "en": "the conditions can never hold: {why}",
        "zh": "这些条件永远不可能成立：{why}",
    },
    "kb_problem.sections": {
        "en": "the file must be a mapping of sections",
        "zh": "文件必须是各部分（section）的映射",
    },
    "kb_problem.no_example_match": {
        "en": "the pattern does not match this example",
        "zh": "模式匹配不到这个示例",
    },
    "kb_problem.two_lower": {
        "en": "two lower bounds in one condition",
        "zh": "一个条件里有两个下限",
    },
    "kb_problem.two_upper": {
        "en": "two upper bounds in one condition",
        "zh": "一个条件里有两个上限",
    },
    "kb_problem.absent_derived": {
        "en": "'absent' cannot test derived fact '{fact}'",
        "zh": "'absent' 不能用于推导事实 '{fact}'",
    },
    "kb_problem.in_list": {
        "en": "'in' needs a non-empty list (got {got})",
        "zh": "'in' 需要非空列表（实际是{got}）",
    },
    "kb_problem.is_single": {
        "en": "'is' needs a single value (got {got})",
        "zh": "'is' 需要单个值（实际是{got}）",
    },
    "kb_problem.matches_regex": {
        "en": "'matches' needs a regular expression (got {got})",
        "zh": "'matches' 需要正则表达式（实际是{got}）",
    },
    "kb_problem.not_derived": {
        "en": "'{target}' is not a derived fact",
        "zh": "'{target}' 不是推导事实",
    },
    "kb_problem.set_outside": {
        "en": "'{target}' is set from {facts}, not in its derived_from",
        "zh": "'{target}' 由 {facts} 设置，但它们不在它的 derived_from 中",
    },
    "kb_problem.key_type": {
        "en": "'{name}' does not apply to a {ftype} fact",
        "zh": "'{name}' 不适用于 {ftype} 类型的事实",
    },
    "kb_problem.key_alone": {
        "en": "'{name}' must stand alone in its mapping",
        "zh": "'{name}' 必须单独写在它的映射里",
    },
    "kb_problem.key_conditions": {
        "en": "'{name}' needs a non-empty list of conditions",
        "zh": "'{name}' 需要非空的条件列表",
    },
    "kb_problem.op_fact": {
        "en": "'{op}' takes only a fact id: {form}",
        "zh": "'{op}' 只接受一个事实 id：{form}",
    },
    "kb_problem.section_list": {"en": "'{section}' must be a list", "zh": "'{section}' 必须是列表"},
    "kb_problem.yaml_syntax": {
        "en": "YAML syntax error: {yaml}",
        "zh": "YAML 语法错误：{yaml}",
    },
    "kb_problem.conclusion_mapping": {
        "en": "a conclusion must be a mapping (got {got})",
        "zh": "结论必须是映射（实际是{got}）",
    },
    "kb_problem.condition_mapping": {
        "en": "a condition must be a mapping (got {got})",
        "zh": "条件必须是映射（实际是{got}）",
    },
    "kb_problem.extends": {
        "en": "can only extend 'bundled' (got {got})",
        "zh": "只能扩展 'bundled'（实际是 {got}）",
    },
    "kb_problem.not_utf8": {
        "en": "cannot read file: not UTF-8 ({codec})",
        "zh": "无法读取文件：不是 UTF-8（{codec}）",
    },
    "kb_problem.cannot_read": {"en": "cannot read file: {os}", "zh": "无法读取文件：{os}"},
    "kb_problem.cycle": {"en": "derivation cycle: {cycle}", "zh": "推导循环：{cycle}"},
    "kb_problem.duplicate_id": {"en": "duplicate id '{id}'", "zh": "重复的 id '{id}'"},
    "kb_problem.duplicate_value": {"en": "duplicate value '{value}'", "zh": "重复的取值 '{value}'"},
    "kb_problem.fact_unused": {
        "en": "fact '{fact}' is not used by any rule",
        "zh": "没有任何规则用到事实 '{fact}'",
    },
    "kb_problem.id_form": {
        "en": "id must be {form} (got {got})",
        "zh": "id 必须是 {form}（实际是 {got}）",
    },
    "kb_problem.max_min": {
        "en": "max must be above min ({got})",
        "zh": "max 必须大于 min（{got}）",
    },
    "kb_problem.missing_key": {
        "en": "missing required key '{name}'",
        "zh": "缺少必需的键 '{name}'",
    },
    "kb_problem.missing_lang": {"en": "missing {language} text", "zh": "缺少 {language} 文本"},
    "kb_problem.must_list": {"en": "must be a list (got {got})", "zh": "必须是列表（实际是{got}）"},
    "kb_problem.must_number": {
        "en": "must be a number (got {got})",
        "zh": "必须是数字（实际是{got}）",
    },
    "kb_problem.must_regex": {
        "en": "must be a regular expression (got {got})",
        "zh": "必须是正则表达式（实际是{got}）",
    },
    "kb_problem.must_single": {
        "en": "must be a single value (got {got})",
        "zh": "必须是单个值（实际是{got}）",
    },
    "kb_problem.must_url": {
        "en": "must be an http(s) address (got {got})",
        "zh": "必须是 http(s) 地址（实际是 {got}）",
    },
    "kb_problem.must_range": {
        "en": "must be in {span} (got {got})",
        "zh": "必须在 {span} 之内（实际是 {got}）",
    },
    "kb_problem.must_text": {
        "en": "must be non-empty text (got {got})",
        "zh": "必须是非空文本（实际是{got}）",
    },
    "kb_problem.must_be_text": {
        "en": "must be text (got {got})",
        "zh": "必须是文本（实际是{got}）",
    },
    "kb_problem.must_bool": {
        "en": "must be true or false (got {got})",
        "zh": "必须是 true 或 false（实际是{got}）",
    },
    "kb_problem.must_facts": {
        "en": "must map fact ids to values (got {got})",
        "zh": "必须是事实 id 到取值的映射（实际是{got}）",
    },
    "kb_problem.alike": {
        "en": "no answer can tell cause '{a}' from '{b}': every rule treats them alike",
        "zh": "任何回答都无法区分原因 '{a}' 和 '{b}'：所有规则对它们一视同仁",
    },
    "kb_problem.no_rule_cause": {
        "en": "no rule can conclude cause '{cause}'",
        "zh": "没有任何规则能得出原因 '{cause}'",
    },
    "kb_problem.no_rule_sets": {
        "en": "no rule sets derived fact '{fact}' to {values}",
        "zh": "没有任何规则把推导事实 '{fact}' 设为 {values}",
    },
    "kb_problem.one_op": {
        "en": "one operator per condition (got {ops})",
        "zh": "每个条件只能有一个运算符（实际有 {ops}）",
    },
    "kb_problem.practice_unused": {
        "en": "practice '{practice}' is not referenced by any cause",
        "zh": "没有任何原因引用做法 '{practice}'",
    },
    "kb_problem.support_oppose": {
        "en": "rules {names} both support and oppose '{cause}' on the same conditions",
        "zh": "规则 {names} 在相同条件下既支持又反对 '{cause}'",
    },
    "kb_problem.same_conditions": {
        "en": "same conditions as rule '{rule}' ({origin})",
        "zh": "与规则 '{rule}'（{origin}）的条件相同",
    },
    "kb_problem.step_unused": {
        "en": "step '{step}' is not used by any cause",
        "zh": "没有任何原因用到步骤 '{step}'",
    },
    "kb_problem.text_mapping": {
        "en": "text must be a mapping {{zh: ..., en: ...}} (got {got})",
        "zh": "文本必须是 {{zh: ..., en: ...}} 映射（实际是{got}）",
    },
    "kb_problem.too_big": {"en": "the file is bigger than {mib} MiB", "zh": "文件大于 {mib} MiB"},
    "kb_problem.no_group": {
        "en": "the pattern has no group named {group}",
        "zh": "模式中没有名为 {group} 的组",
    },
    "kb_problem.priors": {
        "en": "the priors of all causes add up to {total}",
        "zh": "所有原因的先验概率之和为 {total}",
    },
    "kb_problem.unknown_key": {"en": "unknown key '{name}'", "zh": "未知的键 '{name}'"},
    "kb_problem.unknown_lang": {
        "en": "unknown language '{language}'",
        "zh": "未知的语言 '{language}'",
    },
    "kb_problem.unknown_op": {"en": "unknown operator '{op}'", "zh": "未知的运算符 '{op}'"},
    "kb_problem.unknown_section": {
        "en": "unknown section '{section}'",
        "zh": "未知的部分 '{section}'",
    },
    "kb_problem.unknown": {"en": "unknown {what} {value}", "zh": "未知的{what} {value}"},
    "kb_problem.what_mapping": {
        "en": "{what} must be a mapping (got {got})",
        "zh": "{what} 必须是映射（实际是{got}）",
    },
    "kb_problem.alias_self": {
        "en": "alias {alias} is inside the node it names",
        "zh": "别名 {alias} 在它所指的节点之内",
    },
    "kb_problem.tab": {"en": "tab character in indentation", "zh": "缩进里有制表符"},
    "kb_problem.duplicate_key": {
        "en": "duplicate key '{name}' (first defined at line {line})",
        "zh": "重复的键 '{name}'（第一次定义在第 {line} 行）",
    },
    "kb_problem.ambiguous_bool": {
        "en": "ambiguous boolean '{value}'",
        "zh": "有歧义的布尔值 '{value}'",
    },
    "kb_problem.bound_outside": {
        "en": "bound {bound} is outside the range of '{fact}' {span}",
        "zh": "界限 {bound} 超出了 '{fact}' 的范围 {span}",
    },
    "kb_problem.not_a_value": {
        "en": "'{value}' is not a value of '{fact}'",
        "zh": "'{value}' 不是 '{fact}' 的取值",
    },
    "kb_problem.no_value_passes": {
        "en": "no value of '{fact}' in its range passes all of its tests together",
        "zh": "'{fact}' 的取值范围内没有任何值能同时通过它的所有检验",
    },
    "kb_problem.durable_rules": {
        "en": "{n} compiled rules exceed durable-rules' limit of {limit}",
        "zh": "编译后的 {n} 条规则超过了 durable-rules 的上限 {limit}",
    },
    "kb_problem.durable_properties": {
        "en": "{n} facts tested by value exceed the {limit} properties a durable-rules fact can hold",
        "zh": "按取值检验的 {n} 个事实超过了 durable-rules 一个事实能容纳的 {limit} 个属性",
    },
    "kb_problem.durable_joins": {
        "en": "compiled rule {name} joins {n} facts (limit {limit})",
        "zh": "编译后的规则 {name} 连接了 {n} 个事实（上限 {limit}）",
    },
    "kb_problem.durable_first": {
        "en": "more than {limit} rules share an identical first condition",
        "zh": "超过 {limit} 条规则的第一个条件完全相同",
    },
    "kb_problem.durable_width": {
        "en": "{n} different tests follow one test (durable-rules hangs at 512)",
        "zh": "一个检验后面跟着 {n} 个不同的检验（durable-rules 在 512 时会卡住）",
    },
    "kb_problem.durable_depth": {
        "en": "up to {n} tests can match one fact at once (durable-rules fails above 64)",
        "zh": "一个事实最多可同时匹配 {n} 个检验（durable-rules 超过 64 会失败）",
    },
    "kb_problem.lookaround": {
        "en": "the linear-time engine (RE2) cannot run lookarounds ({op} here)",
        "zh": "线性时间引擎（RE2）不支持环视（此处为 {op}）",
    },
    "kb_problem.backreference": {
        "en": "the linear-time engine (RE2) cannot run backreferences ({op} here)",
        "zh": "线性时间引擎（RE2）不支持反向引用（此处为 {op}）",
    },
    "kb_problem.bad_regex": {
        "en": "invalid regular expression: {re2}",
        "zh": "无效的正则表达式：{re2}",
    },
    "kb_hint.did_you_mean": {"en": "did you mean {word}?", "zh": "是不是 {word}？"},
    "kb_hint.use_one_of": {"en": "use one of: {choices}", "zh": "请用以下之一：{choices}"},
    "kb_hint.add_rule": {"en": "add a rule that supports it", "zh": "添加一条支持它的规则"},
    "kb_hint.combine": {"en": "combine conditions with all/any", "zh": "用 all/any 组合条件"},
    "kb_hint.example": {"en": "e.g. {example}", "zh": "例如 {example}"},
    "kb_hint.fix_example": {"en": "fix the pattern or the example", "zh": "修改模式或示例"},
    "kb_hint.say_lost": {"en": "say what can be lost", "zh": "说明可能丢失什么"},
    "kb_hint.see_limits": {"en": "see docs/limits.md", "zh": "参见 docs/limits.md"},
    "kb_hint.use_in": {"en": "use 'in' for a list", "zh": "列表请用 'in'"},
    "kb_hint.named_group": {"en": "write (?P<name>...)", "zh": "请写 (?P<name>...)"},
    "kb_hint.never_holds": {"en": "this condition can never hold", "zh": "这个条件永远不可能成立"},
    "kb_hint.separate": {
        "en": "add a rule with a fact that separates them",
        "zh": "添加一条用某个事实区分它们的规则",
    },
    "kb_hint.lookaround": {
        "en": "RE2 has no lookarounds: write X(?!Y) as X(?:$|[^Y]) and (?<!Y)X as (?:^|[^Y])X (for a word Y, one branch per letter), X(?=Y) as XY; see docs/limits.md",
        "zh": "RE2 不支持环视：把 X(?!Y) 写成 X(?:$|[^Y])，把 (?<!Y)X 写成 (?:^|[^Y])X（Y 是词时每个字母一个分支），X(?=Y) 写成 XY；参见 docs/limits.md",
    },
    "kb_hint.backreference": {
        "en": "RE2 has no backreferences (\\1, (?P=name)): write the repeated text out",
        "zh": "RE2 不支持反向引用（\\1、(?P=name)）：请把重复的文本写出来",
    },
    "kb_hint.spaces": {"en": "indent with spaces", "zh": "请用空格缩进"},
    "kb_hint.merge": {"en": "merge the two rules' conclusions", "zh": "合并两条规则的结论"},
    "kb_hint.quote_bool": {
        "en": "write true or false; quote it if you mean the text",
        "zh": "请写 true 或 false；如果指的是文字，请加引号",
    },
    "kb_hint.first_defined": {
        "en": "first defined as a {what} at {where}",
        "zh": "第一次定义为{what}，位于 {where}",
    },
    "kb_hint.use_or_remove": {
        "en": "use it in a rule's 'when' or remove it",
        "zh": "在规则的 'when' 里用到它，或删除它",
    },
    "kb_hint.values": {"en": "values: {values}", "zh": "可选取值：{values}"},
    "kb_hint.merge_or_split": {
        "en": "merge rules or split the knowledge base",
        "zh": "合并规则或拆分知识库",
    },
    "kb_hint.fewer_facts": {"en": "use fewer facts", "zh": "少用一些事实"},
    "kb_hint.fewer_derived": {
        "en": "use fewer derived facts in one rule",
        "zh": "一条规则里少用一些推导事实",
    },
    "kb_hint.merge_them": {"en": "merge them", "zh": "合并它们"},
    "kb_hint.split_first": {
        "en": "split the rules by a shared first condition",
        "zh": "按共同的第一个条件拆分规则",
    },
    "kb_hint.paren": {"en": " ({text})", "zh": "（{text}）"},
    "kb_what.fact": {"en": "fact", "zh": "事实"},
    "kb_what.cause": {"en": "cause", "zh": "原因"},
    "kb_what.step": {"en": "step", "zh": "步骤"},
    "kb_what.signature": {"en": "signature", "zh": "日志特征"},
    "kb_what.practice": {"en": "practice", "zh": "做法"},
    "kb_what.team": {"en": "team", "zh": "团队"},
    "kb_what.source": {"en": "source", "zh": "来源"},
    "kb_what.rule": {"en": "rule", "zh": "规则"},
    "kb_what.category": {"en": "category", "zh": "类别"},
    "kb_what.fact_type": {"en": "fact type", "zh": "事实类型"},
    "kb_what.strength": {"en": "strength", "zh": "强度"},
    "kb_kind.nothing": {"en": "nothing", "zh": "空值"},
    "kb_kind.boolean": {"en": "boolean {value}", "zh": "布尔值 {value}"},
    "kb_kind.number": {"en": "number {value}", "zh": "数字 {value}"},
    "kb_kind.text_shown": {"en": "text {value}", "zh": "文本 {value}"},
    "kb_kind.text": {"en": "text", "zh": "文本"},
    "kb_kind.mapping": {"en": "a mapping", "zh": "映射"},
    "kb_kind.list": {"en": "a list", "zh": "列表"},
    "kb_kind.warning": {"en": "warning: ", "zh": "警告："},
    "os_error.no_such_file": {"en": "no such file", "zh": "没有那个文件或目录"},
    "os_error.is_a_folder": {"en": "it is a folder", "zh": "这是一个文件夹"},
    "os_error.not_a_folder": {"en": "not a folder", "zh": "不是目录"},
    "os_error.permission": {"en": "permission denied", "zh": "权限不够"},
    "os_error.no_space": {"en": "no space left on device", "zh": "设备上没有空间"},
    "os_error.read_only": {"en": "read-only file system", "zh": "只读文件系统"},
    "os_error.io": {"en": "input/output error", "zh": "输入/输出错误"},
    "os_error.too_long": {"en": "file name too long", "zh": "文件名过长"},
    "os_error.loop": {"en": "too many levels of symbolic links", "zh": "符号连接的层数过多"},
    "os_error.not_utf8": {"en": "not UTF-8 text", "zh": "不是 UTF-8 文本"},
    "cli.error_line": {"en": "posdoctor: error: {message}", "zh": "posdoctor：错误：{message}"},
    "kb_check.ok": {
        "en": "ok: {causes} causes, {facts} facts, {rules} rules, {steps} steps, "
        "{signatures} signatures{warnings}; rules matched by {matcher}",
        "zh": "正常：{causes} 个原因、{facts} 个事实、{rules} 条规则、{steps} 个步骤、"
        "{signatures} 个日志特征{warnings}；规则匹配器：{matcher}",
    },
    "kb_check.ok_warnings": {"en": ", {n} warning(s)", "zh": "、{n} 个警告"},
    "kb_check.summary": {
        "en": "{errors} error(s), {warnings} warning(s)",
        "zh": "{errors} 个错误，{warnings} 个警告",
    },
    "session_status.resolved": {"en": "resolved", "zh": "已解决"},
    "session_status.escalated": {"en": "escalated", "zh": "已升级"},
    # logs (branch logs)
    "log.echo_outweighed": {
        "en": "lines that only echo a failure (such as “Installation failed”) were not counted, "
        "because another line says why: {facts}",
        "zh": "仅复述失败的行（如“安装失败”）未计入，因为另有一行说明了原因：{facts}",
    },
    "log.echo_only": {
        "en": "only lines that echo a failure (such as “Installation failed”) were recognised; "
        "they are counted, but the line that says why is missing: {facts}",
        "zh": "只识别出复述失败的行（如“安装失败”），已计入，但缺少说明原因的那一行：{facts}",
    },
    "log.term_evidence": {
        "en": "{n} fact(s) rest only on concept terms (words such as checksum or 证书 next to a "
        "failure word), weaker evidence than a recognised message: {facts}; confirm them first",
        "zh": "有 {n} 项事实仅由概念词识别（如“校验”“证书”与失败词同现），证据弱于已识别的消息："
        "{facts}；请先确认",
    },
    # store / web API (branch web)
    "db.bad_url": {
        "en": "cannot use database URL {url}: {why}",
        "zh": "无法使用数据库地址 {url}：{why}",
    },
    "db.cannot_create": {
        "en": "cannot create the database folder {path}: {why}",
        "zh": "无法创建数据库文件夹 {path}：{why}",
    },
    "db.cannot_open": {
        "en": "cannot open the database {url}: {why}",
        "zh": "无法打开数据库 {url}：{why}",
    },
    "db.locked": {
        "en": "the database {url} could not be written: {why}",
        "zh": "无法写入数据库 {url}：{why}",
    },
    "db.failed": {"en": "the database {url} failed: {why}", "zh": "数据库 {url} 出错：{why}"},
    "db.upgraded": {
        "en": "database {url} is at schema {revision}",
        "zh": "数据库 {url} 的结构版本为 {revision}",
    },
    "store.exists": {"en": "a session '{id}' exists already", "zh": "会话 '{id}' 已存在"},
    "store.deleted": {
        "en": "session '{id}' was deleted; it stays deleted",
        "zh": "会话 '{id}' 已被删除，不会再写入",
    },
    "store.conflict": {
        "en": "session {id} changed: you answered at step {expected}, it is at step {seq} now ({who}: {what})",
        "zh": "会话 {id} 已被修改：你基于第 {expected} 步作答，现在已是第 {seq} 步（{who}：{what}）",
    },
    "users.exists": {"en": "user '{name}' exists already", "zh": "用户 '{name}' 已存在"},
    "users.unknown": {"en": "no user '{name}'", "zh": "没有用户 '{name}'"},
    "users.added": {"en": "added {name} ({role})", "zh": "已添加 {name}（{role}）"},
    "users.disabled": {
        "en": "disabled {name}; their logins ended",
        "zh": "已停用 {name}，其登录已全部结束",
    },
    "users.short_password": {
        "en": "the password must have at least {n} characters (read from standard input)",
        "zh": "密码至少需要 {n} 个字符（从标准输入读取）",
    },
    "users.no_password": {
        "en": "give the password on standard input (--password-stdin)",
        "zh": "请通过标准输入提供密码（--password-stdin）",
    },
    "audit.ok": {
        "en": "audit ok: {entries} audit entries, {sessions} sessions, every hash chain intact",
        "zh": "审计通过：{entries} 条审计记录，{sessions} 个会话，哈希链全部完整",
    },
    "audit.broken": {"en": "audit FAILED: {n} problem(s)", "zh": "审计失败：{n} 个问题"},
    "web.throttled": {
        "en": "too many failed logins; try again in 15 minutes",
        "zh": "登录失败次数过多，请 15 分钟后再试",
    },
    "web.bad_login": {"en": "wrong name or password", "zh": "用户名或密码错误"},
    "web.login_needed": {"en": "log in first", "zh": "请先登录"},
    "web.csrf": {"en": "missing or wrong X-CSRF-Token", "zh": "缺少或错误的 X-CSRF-Token"},
    "web.foreign_origin": {
        "en": "request from another site refused",
        "zh": "拒绝来自其他网站的请求",
    },
    "web.forbidden": {"en": "your role may not do this", "zh": "你的角色不能执行此操作"},
    "web.no_session": {
        "en": "no session '{id}' that you may see",
        "zh": "没有你可以查看的会话 '{id}'",
    },
    "web.no_user": {"en": "no active user '{name}'", "zh": "没有在用的用户 '{name}'"},
    "web.no_fix": {
        "en": "no step is proposed now (start fixing first)",
        "zh": "现在没有待试的步骤（请先开始修复）",
    },
    "web.confirm_risky": {
        "en": "step {step} is risky: confirm it (confirmed: true)",
        "zh": "步骤 {step} 有风险：请确认（confirmed: true）",
    },
    "web.handover_whom": {
        "en": "hand over to whom? give to_user or to_team",
        "zh": "交给谁？请给出 to_user 或 to_team",
    },
    "store.changed_elsewhere": {
        "en": "not saved: {why} (another ask or the web desk wrote it); your answers are kept here: 'save PATH' writes them to a file",
        "zh": "未保存：{why}（另一个 ask 或网页服务台已写入）；你的答案仍保留在这里：'save 路径' 可写入文件",
    },
    "store.cannot_write": {"en": "cannot write {path}: {why}", "zh": "无法写入 {path}：{why}"},
    "store.not_saved": {
        "en": "not saved ({why}); your answers are kept here: type 'save' to retry or 'save PATH' to write a file",
        "zh": "未保存（{why}）；你的答案仍保留在这里：输入 'save' 重试，或 'save 路径' 写入文件",
    },
    "store.saved_file": {"en": "saved to {path}", "zh": "已保存到 {path}"},
    "store.imported": {"en": "imported {id}", "zh": "已导入 {id}"},
    "store.damaged": {"en": "damaged: {path}: {why}", "zh": "已损坏：{path}：{why}"},
    "store.import_usage": {
        "en": "unknown sessions action '{word}' (only: import [FILE|DIR...])",
        "zh": "未知的 sessions 操作 '{word}'（只有：import [文件|文件夹...]）",
    },
    "web.serving": {
        "en": "posdoctor web desk on http://{host}:{port} (database {url})",
        "zh": "posdoctor 网页服务台：http://{host}:{port}（数据库 {url}）",
    },
    # web pages (branch webui): the help desk's HTML pages (web/templates, web/pages.py)
    "desk.skip_to_main": {"en": "Skip to the content", "zh": "跳到正文"},
    "desk.nav": {"en": "Main menu", "zh": "主菜单"},
    "desk.calls": {"en": "Calls", "zh": "来电"},
    "desk.board": {"en": "Board", "zh": "看板"},
    "desk.queue": {"en": "Team queue", "zh": "团队队列"},
    "desk.search": {"en": "Search", "zh": "搜索"},
    "desk.search_hint": {"en": "ticket, terminal or merchant", "zh": "工单、终端或商户"},
    "desk.logout": {"en": "Log out", "zh": "退出登录"},
    "desk.login": {"en": "Log in", "zh": "登录"},
    "desk.user_name": {"en": "User name", "zh": "用户名"},
    "desk.password": {"en": "Password", "zh": "密码"},
    "desk.logged_out": {"en": "You are logged out.", "zh": "您已退出登录。"},
    "desk.role_agent": {"en": "agent", "zh": "坐席"},
    "desk.role_lead": {"en": "lead", "zh": "组长"},
    "desk.role_specialist": {"en": "specialist", "zh": "二线专家"},
    "desk.role_admin": {"en": "admin", "zh": "管理员"},
    "desk.lang_en": {"en": "English", "zh": "英文"},
    "desk.lang_zh": {"en": "Chinese", "zh": "中文"},
    "desk.keys": {"en": "Keyboard shortcuts", "zh": "快捷键"},
    "desk.key_answer": {"en": "answer yes / no / unknown", "zh": "回答 是 / 否 / 不知道"},
    "desk.key_choice": {"en": "pick a numbered answer", "zh": "选择编号的答案"},
    "desk.key_why": {"en": "why this question", "zh": "为什么问这个"},
    "desk.key_how": {"en": "how the ranking was reached", "zh": "排名是怎么得出的"},
    "desk.key_back": {"en": "take back the last answer", "zh": "撤销上一个回答"},
    "desk.key_change": {"en": "change the last answer", "zh": "修改上一个回答"},
    "desk.key_fix": {"en": "stop asking, go to the fixes", "zh": "停止提问，开始修复"},
    "desk.key_escalate": {"en": "escalate the call", "zh": "升级此来电"},
    "desk.key_search": {"en": "search", "zh": "搜索"},
    "desk.key_help": {"en": "show or hide this help", "zh": "显示或隐藏此帮助"},
    "desk.key_escape": {"en": "close, or leave a field", "zh": "关闭，或离开输入框"},
    "desk.new_call": {"en": "New call", "zh": "新来电"},
    "desk.ticket": {"en": "Ticket", "zh": "工单"},
    "desk.terminal": {"en": "Terminal", "zh": "终端"},
    "desk.merchant": {"en": "Merchant", "zh": "商户"},
    "desk.model": {"en": "Terminal model", "zh": "终端型号"},
    "desk.region": {"en": "Region", "zh": "地区"},
    "desk.merchant_lang": {"en": "Merchant's language", "zh": "商户语言"},
    "desk.log_text": {
        "en": "Update log (paste, optional)",
        "zh": "更新日志（可粘贴，可不填）",
    },
    "desk.start_call": {"en": "Start diagnosis", "zh": "开始诊断"},
    "desk.my_calls": {"en": "My open calls", "zh": "我的未结来电"},
    "desk.no_calls": {"en": "No calls.", "zh": "没有来电。"},
    "desk.no_match": {"en": "No call matches.", "zh": "没有匹配的来电。"},
    "desk.phase": {"en": "Phase", "zh": "阶段"},
    "desk.owner": {"en": "Owner", "zh": "负责人"},
    "desk.top_cause": {"en": "Most likely cause", "zh": "最可能的原因"},
    "desk.updated": {"en": "Last change", "zh": "最后更新"},
    "desk.call": {"en": "Call", "zh": "来电"},
    "desk.viewing": {"en": "{name} is viewing", "zh": "{name} 正在查看"},
    "desk.read_out": {"en": "Read out to the merchant", "zh": "念给商户听"},
    "desk.minutes_to_check": {
        "en": "about {minutes} min to check",
        "zh": "检查约需 {minutes} 分钟",
    },
    "desk.answer": {"en": "Answer", "zh": "回答"},
    "desk.timeline": {"en": "Answers so far", "zh": "已有回答"},
    "desk.no_answers": {"en": "No answers yet.", "zh": "还没有回答。"},
    "desk.change": {"en": "Change", "zh": "修改"},
    "desk.changed": {
        "en": "Changed \u201c{question}\u201d from {old} to {new}",
        "zh": "已将\u201c{question}\u201d从 {old} 改为 {new}",
    },
    "desk.nothing": {"en": "nothing", "zh": "无"},
    "desk.sep": {"en": ", ", "zh": "、"},
    "desk.conflict_title": {"en": "Someone else answered first.", "zh": "已有其他人先回答。"},
    "desk.conflict": {
        "en": "{name} recorded \u201c{question}\u201d: {value} at {at}. "
        "The screen now shows the call as it is; your answer was not recorded.",
        "zh": "{name} 已于 {at} 记录\u201c{question}\u201d：{value}。"
        "屏幕已显示最新情况；您的回答没有被记录。",
    },
    "desk.conflict_other": {
        "en": "{name} changed the call ({what}) at {at}. "
        "The screen now shows the call as it is; nothing of yours was recorded.",
        "zh": "{name} 已于 {at} 更改此来电（{what}）。屏幕已显示最新情况；您的操作没有被记录。",
    },
    "desk.undone": {"en": "Taken back: {what}", "zh": "已撤销：{what}"},
    "desk.note_from": {"en": "Note from {name}:", "zh": "{name} 的备注："},
    "desk.handed_to": {"en": "Handed over to {name}.", "zh": "已转交给 {name}。"},
    "desk.escalated_to": {"en": "Escalated to {team}.", "zh": "已升级给 {team}。"},
    "desk.why": {"en": "Why", "zh": "为什么"},
    "desk.how": {"en": "How", "zh": "依据"},
    "desk.back": {"en": "Back", "zh": "撤销"},
    "desk.to_fixes": {"en": "Go to fixes", "zh": "开始修复"},
    "desk.ask_more": {"en": "Ask more questions", "zh": "继续提问"},
    "desk.report": {"en": "Escalation report", "zh": "升级报告"},
    "desk.back_to_call": {"en": "Back to the call", "zh": "返回来电"},
    "desk.tools": {"en": "Call tools", "zh": "来电工具"},
    "desk.explain_hint": {
        "en": "Press w for why this question, h for how the ranking was reached.",
        "zh": "按 w 查看为什么问这个问题，按 h 查看排名依据。",
    },
    "desk.why_value": {
        "en": "It is worth {bits} bits of information and takes about {minutes} min.",
        "zh": "这个问题提供 {bits} 比特的信息，约需 {minutes} 分钟。",
    },
    "desk.separates": {"en": "It separates", "zh": "它能区分"},
    "desk.leads_to": {"en": "Then most likely", "zh": "之后最可能"},
    "desk.how_title": {"en": "How the ranking was reached", "zh": "排名是怎么得出的"},
    "desk.no_evidence": {
        "en": "no rule has fired for it yet (its prior)",
        "zh": "还没有规则涉及它（先验概率）",
    },
    "desk.effect_supports": {"en": "supports", "zh": "支持"},
    "desk.effect_opposes": {"en": "opposes", "zh": "反对"},
    "desk.effect_rules_out": {"en": "rules out", "zh": "排除"},
    "desk.did_it_work": {"en": "Did it work?", "zh": "问题解决了吗？"},
    "desk.worked": {"en": "It worked", "zh": "解决了"},
    "desk.failed": {"en": "It did not work", "zh": "没有解决"},
    "desk.skip_step": {"en": "Skip this step", "zh": "跳过此步骤"},
    "desk.confirm_risky": {"en": "I have read the warning: go ahead", "zh": "已阅读警告，继续"},
    "desk.confirmed": {"en": "confirmed", "zh": "已确认"},
    "desk.risky_unconfirmed": {
        "en": "This step is risky: confirm it before recording a result.",
        "zh": "此步骤有风险：记录结果前请先确认。",
    },
    "desk.result_worked": {"en": "worked", "zh": "已解决"},
    "desk.result_failed": {"en": "did not work", "zh": "未解决"},
    "desk.result_skipped": {"en": "skipped", "zh": "已跳过"},
    "desk.fix_result": {"en": "{step}: {result}", "zh": "{step}：{result}"},
    "desk.started_fixing": {"en": "(went on to the fixes)", "zh": "（开始修复）"},
    "desk.resumed": {"en": "(asked on)", "zh": "（继续提问）"},
    "desk.escalated_event": {"en": "(escalated to {team})", "zh": "（升级给 {team}）"},
    "desk.handover_event": {"en": "(handed over to {name})", "zh": "（转交给 {name}）"},
    "desk.outcome_resolved": {"en": "Resolved by: {step}.", "zh": "已解决：{step}。"},
    "desk.outcome_escalated": {
        "en": "Escalated to {team}. Second line continues in this call.",
        "zh": "已升级给 {team}。二线会在此来电中继续处理。",
    },
    "desk.outcome_none": {
        "en": "Nothing left to ask or try: escalate the call.",
        "zh": "已没有可问的问题或可试的修复：请升级此来电。",
    },
    "desk.escalate": {"en": "Escalate", "zh": "升级"},
    "desk.team": {"en": "Team", "zh": "团队"},
    "desk.note": {"en": "Note", "zh": "备注"},
    "desk.handover": {"en": "Hand over", "zh": "转交"},
    "desk.hand_back": {"en": "Hand back", "zh": "交回"},
    "desk.hand_back_to": {"en": "Hand back to {name}", "zh": "交回给 {name}"},
    "desk.to_user": {"en": "To a person", "zh": "转给某人"},
    "desk.to_team": {"en": "Or to a team's queue", "zh": "或转入团队队列"},
    "desk.incident": {"en": "Possible fleet incident:", "zh": "可能是批量故障："},
    "desk.incident_text": {
        "en": "{n} calls in the last {minutes} min share the top cause \u201c{cause}\u201d "
        "on model {model}, region {region}.",
        "zh": "最近 {minutes} 分钟内有 {n} 个来电的首要原因都是\u201c{cause}\u201d，"
        "型号 {model}，地区 {region}。",
    },
    "desk.stuck": {
        "en": "Calls without an answer for {minutes} min or more",
        "zh": "{minutes} 分钟以上没有回答的来电",
    },
    "desk.none_stuck": {"en": "No call is stuck.", "zh": "没有卡住的来电。"},
    "desk.open_calls": {"en": "Open calls", "zh": "未结来电"},
    # hostile (branch hostile2)
    # kb check under --lang zh: the reasons libyaml and PyYAML give for a YAML file they cannot
    # read (libyaml src/scanner.c, parser.c, reader.c; PyYAML _yaml.pyx and lib/yaml/*.py), the
    # value a constructor refuses, and RE2's error texts (re2/regexp.cc kErrorStrings, re2.cc).
    "kb_problem.cannot_read_value": {
        "en": "cannot read value: {yaml}",
        "zh": "无法读取值：{yaml}",
    },
    "kb_hint.quote_text": {"en": "quote it if you mean the text", "zh": "如果指的是文字，请加引号"},
    "kb_hint.belongs_under": {
        "en": "{section} belongs under {where}",
        "zh": "{section} 应放在 {where} 下",
    },
    "kb_hint.sections_example": {
        "en": "e.g. 'facts:' with a list under it",
        "zh": "例如 'facts:'，下面跟一个列表",
    },
    "kb_hint.allowed": {"en": "allowed: {names}", "zh": "允许的：{names}"},
    "kb_hint.valid": {"en": "valid: {names}", "zh": "有效的：{names}"},
    "kb_yaml.unacceptable": {
        "en": "unacceptable character #x{code}: {yaml}",
        "zh": "不可接受的字符 #x{code}：{yaml}",
    },
    "kb_yaml.not_valid": {
        "en": "'{value}' is not a valid {node}",
        "zh": "'{value}' 不是有效的{node}",
    },
    "kb_yaml.duplicate_anchor": {
        "en": "found duplicate anchor (first occurrence at line {line})",
        "zh": "发现重复的锚点（第一次出现在第 {line} 行）",
    },
    "kb_yaml.another_document": {
        "en": "expected a single document in the stream, but found another document",
        "zh": "文件中应只有一个文档，但发现了另一个文档",
    },
    "kb_yaml.undefined_alias": {"en": "found undefined alias", "zh": "发现未定义的别名"},
    "kb_yaml.undefined_alias_named": {
        "en": "found undefined alias {alias}",
        "zh": "发现未定义的别名 {alias}",
    },
    "kb_yaml.block_entries": {
        "en": "block sequence entries are not allowed in this context",
        "zh": "此处不允许块序列项",
    },
    "kb_yaml.no_colon": {"en": "could not find expected ':'", "zh": "找不到应有的 ':'"},
    "kb_yaml.no_directive_name": {
        "en": "could not find expected directive name",
        "zh": "找不到应有的指令名",
    },
    "kb_yaml.no_uri_octet": {"en": "did not find URI escaped octet", "zh": "没有找到 URI 转义字节"},
    "kb_yaml.no_bang": {"en": "did not find expected '!'", "zh": "没有找到应有的 '!'"},
    "kb_yaml.no_alnum": {
        "en": "did not find expected alphabetic or numeric character",
        "zh": "没有找到应有的字母或数字",
    },
    "kb_yaml.no_comment": {
        "en": "did not find expected comment or line break",
        "zh": "没有找到应有的注释或换行",
    },
    "kb_yaml.no_digit_dot": {
        "en": "did not find expected digit or '.' character",
        "zh": "没有找到应有的数字或 '.'",
    },
    "kb_yaml.no_hex": {
        "en": "did not find expected hexdecimal number",
        "zh": "没有找到应有的十六进制数",
    },
    "kb_yaml.no_tag_uri": {"en": "did not find expected tag URI", "zh": "没有找到应有的标签 URI"},
    "kb_yaml.no_version": {
        "en": "did not find expected version number",
        "zh": "没有找到应有的版本号",
    },
    "kb_yaml.no_space_break": {
        "en": "did not find expected whitespace or line break",
        "zh": "没有找到应有的空白或换行",
    },
    "kb_yaml.no_space": {"en": "did not find expected whitespace", "zh": "没有找到应有的空白"},
    "kb_yaml.no_gt": {"en": "did not find the expected '>'", "zh": "没有找到应有的 '>'"},
    "kb_yaml.tab_violates": {
        "en": "found a tab character that violates indentation",
        "zh": "发现破坏缩进的制表符",
    },
    "kb_yaml.tab_not_space": {
        "en": "found a tab character where an indentation space is expected",
        "zh": "应为缩进空格的地方发现了制表符",
    },
    "kb_yaml.bad_leading_octet": {
        "en": "found an incorrect leading UTF-8 octet",
        "zh": "发现错误的 UTF-8 首字节",
    },
    "kb_yaml.bad_trailing_octet": {
        "en": "found an incorrect trailing UTF-8 octet",
        "zh": "发现错误的 UTF-8 后续字节",
    },
    "kb_yaml.indent_zero": {
        "en": "found an indentation indicator equal to 0",
        "zh": "缩进指示符为 0",
    },
    "kb_yaml.cannot_start": {
        "en": "found character that cannot start any token",
        "zh": "发现不能作为任何记号开头的字符",
    },
    "kb_yaml.cannot_start_char": {
        "en": "found character {char} that cannot start any token",
        "zh": "发现不能作为任何记号开头的字符 {char}",
    },
    "kb_yaml.long_version": {"en": "found extremely long version number", "zh": "版本号过长"},
    "kb_yaml.bad_unicode_escape": {
        "en": "found invalid Unicode character escape code",
        "zh": "发现无效的 Unicode 字符转义码",
    },
    "kb_yaml.unexpected_colon": {"en": "found unexpected ':'", "zh": "发现意外的 ':'"},
    "kb_yaml.unexpected_document": {
        "en": "found unexpected document indicator",
        "zh": "发现意外的文档标记",
    },
    "kb_yaml.unexpected_separator": {
        "en": "found unexpected document separator",
        "zh": "发现意外的文档分隔符",
    },
    "kb_yaml.unexpected_end": {"en": "found unexpected end of stream", "zh": "意外到达文件末尾"},
    "kb_yaml.non_alpha": {
        "en": "found unexpected non-alphabetical character",
        "zh": "发现意外的非字母字符",
    },
    "kb_yaml.unknown_directive": {"en": "found unknown directive name", "zh": "发现未知的指令名"},
    "kb_yaml.unknown_escape": {"en": "found unknown escape character", "zh": "发现未知的转义字符"},
    "kb_yaml.unknown_escape_char": {
        "en": "found unknown escape character {char}",
        "zh": "发现未知的转义字符 {char}",
    },
    "kb_yaml.keys_context": {
        "en": "mapping keys are not allowed in this context",
        "zh": "此处不允许映射的键",
    },
    "kb_yaml.values_context": {
        "en": "mapping values are not allowed in this context",
        "zh": "此处不允许映射的值",
    },
    "kb_yaml.keys_here": {"en": "mapping keys are not allowed here", "zh": "此处不允许映射的键"},
    "kb_yaml.values_here": {
        "en": "mapping values are not allowed here",
        "zh": "此处不允许映射的值",
    },
    "kb_yaml.entries_here": {
        "en": "sequence entries are not allowed here",
        "zh": "此处不允许序列项",
    },
    "kb_yaml.nesting": {"en": "exceeded maximum nesting depth", "zh": "超过了最大嵌套深度"},
    "kb_yaml.nesting_level": {
        "en": "Maximum nesting level reached, set with yaml_set_max_nest_level())",
        "zh": "达到了最大嵌套层数（由 yaml_set_max_nest_level() 设置）",
    },
    "kb_yaml.no_comma_bracket": {
        "en": "did not find expected ',' or ']'",
        "zh": "没有找到应有的 ',' 或 ']'",
    },
    "kb_yaml.no_comma_brace": {
        "en": "did not find expected ',' or '}}'",
        "zh": "没有找到应有的 ',' 或 '}}'",
    },
    "kb_yaml.no_dash": {
        "en": "did not find expected '-' indicator",
        "zh": "没有找到应有的 '-' 标记",
    },
    "kb_yaml.no_document_start": {
        "en": "did not find expected <document start>",
        "zh": "没有找到应有的文档开始标记",
    },
    "kb_yaml.no_stream_start": {
        "en": "did not find expected <stream-start>",
        "zh": "没有找到应有的流开始标记",
    },
    "kb_yaml.no_key": {"en": "did not find expected key", "zh": "没有找到应有的键"},
    "kb_yaml.no_content": {
        "en": "did not find expected node content",
        "zh": "没有找到应有的节点内容",
    },
    "kb_yaml.duplicate_tag": {"en": "found duplicate %TAG directive", "zh": "发现重复的 %TAG 指令"},
    "kb_yaml.duplicate_yaml": {
        "en": "found duplicate %YAML directive",
        "zh": "发现重复的 %YAML 指令",
    },
    "kb_yaml.incompatible": {
        "en": "found incompatible YAML document",
        "zh": "发现不兼容的 YAML 文档",
    },
    "kb_yaml.undefined_handle": {"en": "found undefined tag handle", "zh": "发现未定义的标签句柄"},
    "kb_yaml.control": {"en": "control characters are not allowed", "zh": "不允许控制字符"},
    "kb_yaml.special": {"en": "special characters are not allowed", "zh": "不允许特殊字符"},
    "kb_yaml.low_surrogate": {"en": "expected low surrogate area", "zh": "应为低位代理项"},
    "kb_yaml.unexpected_low": {"en": "unexpected low surrogate area", "zh": "意外的低位代理项"},
    "kb_yaml.utf16_char": {"en": "incomplete UTF-16 character", "zh": "不完整的 UTF-16 字符"},
    "kb_yaml.utf16_pair": {
        "en": "incomplete UTF-16 surrogate pair",
        "zh": "不完整的 UTF-16 代理对",
    },
    "kb_yaml.utf8_sequence": {
        "en": "incomplete UTF-8 octet sequence",
        "zh": "不完整的 UTF-8 字节序列",
    },
    "kb_yaml.input_error": {"en": "input error", "zh": "输入错误"},
    "kb_yaml.too_long": {"en": "input is too long", "zh": "输入过长"},
    "kb_yaml.bad_unicode": {"en": "invalid Unicode character", "zh": "无效的 Unicode 字符"},
    "kb_yaml.bad_leading": {"en": "invalid leading UTF-8 octet", "zh": "无效的 UTF-8 首字节"},
    "kb_yaml.bad_length": {
        "en": "invalid length of a UTF-8 sequence",
        "zh": "无效的 UTF-8 序列长度",
    },
    "kb_yaml.bad_trailing": {"en": "invalid trailing UTF-8 octet", "zh": "无效的 UTF-8 后续字节"},
    "kb_yaml.expected_alnum": {
        "en": "expected alphabetic or numeric character, but found {char}",
        "zh": "应为字母或数字，但发现 {char}",
    },
    "kb_yaml.expected_digit_dot": {
        "en": "expected a digit or '.', but found {char}",
        "zh": "应为数字或 '.'，但发现 {char}",
    },
    "kb_yaml.expected_digit_space": {
        "en": "expected a digit or ' ', but found {char}",
        "zh": "应为数字或 ' '，但发现 {char}",
    },
    "kb_yaml.expected_digit": {
        "en": "expected a digit, but found {char}",
        "zh": "应为数字，但发现 {char}",
    },
    "kb_yaml.expected_space": {
        "en": "expected ' ', but found {char}",
        "zh": "应为 ' '，但发现 {char}",
    },
    "kb_yaml.expected_comment": {
        "en": "expected a comment or a line break, but found {char}",
        "zh": "应为注释或换行，但发现 {char}",
    },
    "kb_yaml.expected_indicators": {
        "en": "expected chomping or indentation indicators, but found {char}",
        "zh": "应为截断或缩进指示符，但发现 {char}",
    },
    "kb_yaml.expected_bang": {
        "en": "expected '!', but found {char}",
        "zh": "应为 '!'，但发现 {char}",
    },
    "kb_yaml.expected_uri": {
        "en": "expected URI, but found {char}",
        "zh": "应为 URI，但发现 {char}",
    },
    "kb_yaml.expected_gt": {
        "en": "expected '>', but found {char}",
        "zh": "应为 '>'，但发现 {char}",
    },
    "kb_yaml.expected_indent": {
        "en": "expected indentation indicator in the range 1-9, but found 0",
        "zh": "缩进指示符应在 1 到 9 之间，但发现 0",
    },
    "kb_yaml.expected_uri_escape": {
        "en": "expected URI escape sequence of 2 hexadecimal numbers, but found {char}",
        "zh": "URI 转义序列应为 2 个十六进制数，但发现 {char}",
    },
    "kb_yaml.expected_escape": {
        "en": "expected escape sequence of {count} hexadecimal numbers, but found {char}",
        "zh": "转义序列应为 {count} 个十六进制数，但发现 {char}",
    },
    "kb_yaml.expected_block_end": {
        "en": "expected <block end>, but found {token}",
        "zh": "应为块结束，但发现 {token}",
    },
    "kb_yaml.expected_document_start": {
        "en": "expected '<document start>', but found {token}",
        "zh": "应为文档开始，但发现 {token}",
    },
    "kb_yaml.duplicate_yaml_py": {
        "en": "found duplicate YAML directive",
        "zh": "发现重复的 YAML 指令",
    },
    "kb_yaml.incompatible_py": {
        "en": "found incompatible YAML document (version 1.* is required)",
        "zh": "发现不兼容的 YAML 文档（需要 1.* 版本）",
    },
    "kb_yaml.expected_bracket": {
        "en": "expected ',' or ']', but got {token}",
        "zh": "应为 ',' 或 ']'，但发现 {token}",
    },
    "kb_yaml.expected_brace": {
        "en": "expected ',' or '}}', but got {token}",
        "zh": "应为 ',' 或 '}}'，但发现 {token}",
    },
    "kb_yaml.duplicate_handle": {
        "en": "duplicate tag handle {handle}",
        "zh": "重复的标签句柄 {handle}",
    },
    "kb_yaml.undefined_handle_named": {
        "en": "found undefined tag handle {handle}",
        "zh": "发现未定义的标签句柄 {handle}",
    },
    "kb_yaml.expected_content": {
        "en": "expected the node content, but found {token}",
        "zh": "应为节点内容，但发现 {token}",
    },
    "kb_yaml.no_constructor": {
        "en": "could not determine a constructor for the tag {tag}",
        "zh": "不知道如何读取标签为 {tag} 的值",
    },
    "kb_yaml.recursive": {
        "en": "found unconstructable recursive node",
        "zh": "发现无法构造的递归节点",
    },
    "kb_yaml.expected_scalar_node": {
        "en": "expected a scalar node, but found {node}",
        "zh": "应为标量节点，但发现的是{node}",
    },
    "kb_yaml.expected_sequence_node": {
        "en": "expected a sequence node, but found {node}",
        "zh": "应为序列节点，但发现的是{node}",
    },
    "kb_yaml.expected_mapping_node": {
        "en": "expected a mapping node, but found {node}",
        "zh": "应为映射节点，但发现的是{node}",
    },
    "kb_yaml.unhashable": {"en": "found unhashable key", "zh": "发现不能作为键的值"},
    "kb_yaml.base64_ascii": {
        "en": "failed to convert base64 data into ascii",
        "zh": "无法把 base64 数据转换为 ASCII",
    },
    "kb_yaml.base64": {"en": "failed to decode base64 data", "zh": "无法解码 base64 数据"},
    "kb_yaml.expected_sequence": {
        "en": "expected a sequence, but found {node}",
        "zh": "应为序列，但发现的是{node}",
    },
    "kb_yaml.expected_pair": {
        "en": "expected a mapping of length 1, but found {node}",
        "zh": "应为只有一项的映射，但发现的是{node}",
    },
    "kb_yaml.expected_one_item": {
        "en": "expected a single mapping item, but found {count} items",
        "zh": "应为一个映射项，但发现 {count} 项",
    },
    "kb_yaml.merge_mapping": {
        "en": "expected a mapping for merging, but found {node}",
        "zh": "合并用的应为映射，但发现的是{node}",
    },
    "kb_yaml.merge_mappings": {
        "en": "expected a mapping or list of mappings for merging, but found {node}",
        "zh": "合并用的应为映射或映射列表，但发现的是{node}",
    },
    "kb_yaml_node.scalar": {"en": "scalar", "zh": "标量"},
    "kb_yaml_node.sequence": {"en": "sequence", "zh": "序列"},
    "kb_yaml_node.mapping": {"en": "mapping", "zh": "映射"},
    "kb_yaml_node.timestamp": {"en": "timestamp", "zh": "日期或时间"},
    "kb_yaml_node.int": {"en": "int", "zh": "整数"},
    "kb_yaml_node.float": {"en": "float", "zh": "小数"},
    "kb_yaml_node.bool": {"en": "bool", "zh": "布尔值"},
    "kb_codec.start": {"en": "invalid start byte", "zh": "无效的起始字节"},
    "kb_codec.continuation": {"en": "invalid continuation byte", "zh": "无效的后续字节"},
    "kb_codec.end": {"en": "unexpected end of data", "zh": "数据意外结束"},
    "kb_re2.with_text": {"en": "{re2}: {pattern}", "zh": "{re2}：{pattern}"},
    "kb_re2.internal": {"en": "unexpected error", "zh": "意外错误"},
    "kb_re2.bad_escape": {"en": "invalid escape sequence", "zh": "无效的转义序列"},
    "kb_re2.bad_class": {"en": "invalid character class", "zh": "无效的字符类"},
    "kb_re2.bad_range": {"en": "invalid character class range", "zh": "无效的字符类范围"},
    "kb_re2.missing_bracket": {"en": "missing ]", "zh": "缺少 ]"},
    "kb_re2.missing_paren": {"en": "missing )", "zh": "缺少 )"},
    "kb_re2.unexpected_paren": {"en": "unexpected )", "zh": "多余的 )"},
    "kb_re2.trailing_backslash": {"en": "trailing \\", "zh": "末尾多了一个 \\"},
    "kb_re2.repeat_argument": {
        "en": "no argument for repetition operator",
        "zh": "重复运算符前面没有内容",
    },
    "kb_re2.repeat_size": {"en": "invalid repetition size", "zh": "无效的重复次数"},
    "kb_re2.repeat_op": {"en": "bad repetition operator", "zh": "错误的重复运算符"},
    "kb_re2.perl_op": {"en": "invalid perl operator", "zh": "无效的 Perl 运算符"},
    "kb_re2.utf8": {"en": "invalid UTF-8", "zh": "无效的 UTF-8"},
    "kb_re2.named_capture": {"en": "invalid named capture group", "zh": "无效的命名捕获组"},
    "kb_re2.too_large": {"en": "pattern too large - compile failed", "zh": "模式太大，编译失败"},
}

# web (branch web2)
MESSAGES.update(
    {
        "web.merchant_lang_same": {
            "en": "The merchant's language is that already.",
            "zh": "商户语言已经是这个。",
        },
        "web.bad_lang": {
            "en": "No such language: {lang} (zh or en).",
            "zh": "没有这种语言：{lang}（zh 或 en）。",
        },
        "desk.merchant_lang_set": {
            "en": "The merchant's language is now {name}.",
            "zh": "商户语言已改为{name}。",
        },
        "desk.merchant_lang_event": {
            "en": "Merchant's language: {name}",
            "zh": "商户语言：{name}",
        },
        "desk.merchant_lang_change": {"en": "Change", "zh": "更改"},
        "web.rate_limited": {
            "en": "Too many changes in a short time; try again in {seconds} s.",
            "zh": "短时间内修改太多；请 {seconds} 秒后再试。",
        },
    }
)

# fleet (branch fleet2)
MESSAGES.update(
    {
        "fleetio.no_match": {"en": "{pattern}: no file matches", "zh": "{pattern}：没有匹配的文件"},
        "fleetio.no_file": {
            "en": "{file}: cannot read: no such file",
            "zh": "{file}：无法读取：文件不存在",
        },
        "fleetio.empty_file": {
            "en": "{file}: empty file (no header, no rows)",
            "zh": "{file}：空文件（没有表头，也没有数据行）",
        },
        "fleetio.unknown_type": {
            "en": "{file}: unknown file type (use .csv, .parquet or .jsonl)",
            "zh": "{file}：无法识别的文件类型（请用 .csv、.parquet 或 .jsonl）",
        },
        "fleetio.mixed_kinds": {
            "en": "{file}: mixes file types {kinds}; give one type",
            "zh": "{file}：混用了文件类型 {kinds}；请只给一种类型",
        },
        "fleetio.cannot_read": {
            "en": "{file}: cannot read: {why}",
            "zh": "{file}：无法读取：{why}",
        },
        "fleetio.no_rows_after_header": {
            "en": "{where}: no rows after the header",
            "zh": "{where}：表头之后没有数据行",
        },
        "fleetio.no_rows": {"en": "{where}: no rows", "zh": "{where}：没有数据行"},
        "fleetio.missing_column": {
            "en": "{where}: missing required column '{column}' (found: {found}){hint}",
            "zh": "{where}：缺少必需的列 '{column}'（现有：{found}）{hint}",
        },
        "fleetio.column_hint": {
            "en": "; did you mean '{name}'? (rename it with --columns)",
            "zh": "；是否指 '{name}'？（可用 --columns 改名）",
        },
        "fleetio.unknown_dim": {
            "en": "{file}: --dims names '{dim}', which is not a column (columns: {columns})",
            "zh": "{file}：--dims 指定的 '{dim}' 不是文件中的列（列：{columns}）",
        },
        "fleetio.json_mixed": {
            "en": "{where}: column '{name}' mixes types ({seen}); "
            "give every value of a column the same type",
            "zh": "{where}：列 '{name}' 混用了类型（{seen}）；同一列的值请用同一种类型",
        },
        "fleetio.unknown_outcome": {
            "en": "{where}: unknown outcome '{word}' ({n} rows); {hint}use one of {choices}, "
            "or map it in a --columns file",
            "zh": "{where}：无法识别的结果 '{word}'（{n} 行）；{hint}请用 {choices} 之一，"
            "或在 --columns 文件中映射它",
        },
        "fleetio.outcome_hint": {"en": "did you mean '{word}'? ", "zh": "是否指 '{word}'？"},
        "fleetio.empty_outcome": {
            "en": "{where}: empty outcome (use one of {choices})",
            "zh": "{where}：结果（outcome）为空（请用 {choices} 之一）",
        },
        "fleetio.empty_terminal": {
            "en": "{where}: empty terminal_id",
            "zh": "{where}：终端号（terminal_id）为空",
        },
        "fleetio.mapping_unreadable": {
            "en": "{name}: cannot read ({why}); shipped mappings: {known}",
            "zh": "{name}：无法读取（{why}）；内置的映射：{known}",
        },
        "fleetio.mapping_yaml": {"en": "{where}: not valid YAML", "zh": "{where}：不是有效的 YAML"},
        "fleetio.mapping_shape": {
            "en": "{where}: a mapping file holds a mapping (rename, outcome, failed)",
            "zh": "{where}：映射文件应是一个映射（rename、outcome、failed）",
        },
        "fleetio.mapping_key": {
            "en": "{where}: unknown key {name} (use source, rename, outcome, failed, note)",
            "zh": "{where}：无法识别的键 {name}（请用 source、rename、outcome、failed、note）",
        },
        "fleetio.mapping_outcome": {
            "en": "{where}: outcome {word} maps to {std}; use one of {choices}",
            "zh": "{where}：结果 {word} 被映射为 {std}；请用 {choices} 之一",
        },
        "fleetio.mapping_failed": {
            "en": "{where}: failed lists {bad}; use outcomes of {choices}",
            "zh": "{where}：failed 中的 {bad} 不是结果值；请用 {choices} 中的值",
        },
        "fleetio.no_pyspark": {
            "en": "--engine spark needs pyspark ({module} is not installed): "
            "pip install 'posdoctor[spark]'",
            "zh": "--engine spark 需要 pyspark（未安装 {module}）：pip install 'posdoctor[spark]'",
        },
        "fleetio.spark_down": {
            "en": "--engine spark: Spark did not start ({why})",
            "zh": "--engine spark：Spark 未能启动（{why}）",
        },
        "fleetio.spark_read": {
            "en": "{file}: Spark cannot read it: {why}",
            "zh": "{file}：Spark 无法读取：{why}",
        },
        "fleetio.spark_broken": {
            "en": "{file}: {n} rows with a wrong number of fields (Spark does not say which lines)",
            "zh": "{file}：{n} 行的字段数不对（Spark 不报告行号）",
        },
        "fleetio.skipped_row": {
            "en": "posdoctor: warning: {reason}: row skipped",
            "zh": "posdoctor：警告：{reason}：已跳过该行",
        },
        "fleetio.skipped_all": {
            "en": "posdoctor: warning: {n} broken rows skipped in all "
            "(the first {listed} are listed above)",
            "zh": "posdoctor：警告：共跳过 {n} 行损坏的数据（上面列出了前 {listed} 行）",
        },
        "fleetio.cannot_write": {
            "en": "cannot write {path}: {why}",
            "zh": "无法写入 {path}：{why}",
        },
        "fleetio.wrote": {
            "en": "wrote {rows} attempts to {out} and the injected causes to {truth}",
            "zh": "已把 {rows} 次更新写入 {out}，注入的原因写入 {truth}",
        },
        "fleetio.reading": {"en": "posdoctor: reading...", "zh": "posdoctor：正在读取……"},
        "fleetio.encoding": {
            "en": "posdoctor: encoding {n} attempts...",
            "zh": "posdoctor：正在编码 {n} 次更新……",
        },
        "fleetio.counting": {
            "en": "posdoctor: counting on {engine}...",
            "zh": "posdoctor：正在用 {engine} 计数……",
        },
        "fleetio.describing": {
            "en": "posdoctor: describing {n} clusters...",
            "zh": "posdoctor：正在描述 {n} 个聚类……",
        },
    }
)

# Words a person may type, per language; every language's words are understood whatever --lang.
TYPED: dict[str, dict[str, tuple[str, ...]]] = {
    "answer.unknown": {
        "en": ("unknown", "?", "dont_know", "don't know"),
        "zh": ("不知道", "未知", "不清楚"),
    },
    "answer.true": {"en": ("true", "yes", "y", "1"), "zh": ("是", "对", "有", "能", "可以")},
    "answer.false": {"en": ("false", "no", "n", "0"), "zh": ("否", "不", "没有", "不能", "不可以")},
    "command.quit": {"en": ("quit", "exit", "q"), "zh": ("退出",)},
    "command.help": {"en": ("help", "?"), "zh": ("帮助",)},
    "command.why": {"en": ("why",), "zh": ("为什么",)},
    "command.how": {"en": ("how",), "zh": ("怎么",)},
    "command.back": {"en": ("back", "undo"), "zh": ("撤销",)},
    "command.change": {"en": ("change",), "zh": ("修改",)},
    "command.skip": {"en": ("skip",), "zh": ("跳过",)},
    "command.fix": {"en": ("fix", "fixes"), "zh": ("修复",)},
    "command.report": {"en": ("report",), "zh": ("报告",)},
    "command.save": {"en": ("save",), "zh": ("保存",)},
    "confirm.yes": {"en": ("confirm",), "zh": ("确认",)},
    "confirm.no": {"en": ("skip", "no", "n"), "zh": ("跳过", "否")},
    "fix.worked": {"en": ("yes", "y"), "zh": ("是", "解决了")},
    "fix.failed": {"en": ("no", "n"), "zh": ("否", "没有")},
    "fix.skipped": {"en": ("skip",), "zh": ("跳过",)},
}


class Message:
    """A catalogue entry with its fields, to be said later in the reader's language."""

    __slots__ = ("fields", "key")

    def __init__(self, key: str, **fields: Any):
        if key not in MESSAGES:
            raise KeyError(key)
        self.key = key
        self.fields = fields

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return say(self.key, lang, **self.fields)

    def __repr__(self) -> str:
        return f"Message({self.key!r}, **{self.fields!r})"


def say(key: str, lang: str, **fields: Any) -> str:
    """The entry ``key`` in ``lang`` (English if missing), placeholders filled from ``fields``.

    A field may itself be a Message or a callable taking the language (a KB text, such as a
    fact's unit): it is said in the same language. Unknown keys raise KeyError."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    if not fields:
        return text
    return text.format_map({k: _local(v, lang) for k, v in fields.items()})


def _local(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return value.text(lang)
    return value(lang) if callable(value) else value


def words(key: str) -> frozenset[str]:
    """What a person may type for ``key`` (answer.true, command.quit, ...), in any language."""
    return frozenset(w for ws in TYPED[key].values() for w in ws)


def translations(prefix: str, lang: str) -> dict[str, str]:
    """Every entry under ``prefix`` (e.g. "handbook.") in ``lang``, keyed by the rest of its key."""
    return {k[len(prefix) :]: say(k, lang) for k in MESSAGES if k.startswith(prefix)}


__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "TYPED",
    "UNTRANSLATED",
    "Message",
    "say",
    "translations",
    "words",
]
