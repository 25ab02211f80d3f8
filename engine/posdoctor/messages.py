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
        "ask.bits",
        "ask.rules",
        "ask.failed",
        "cli.answers_count",
        "cli.interrupted",
        "cli.kb_has_errors",
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
    "ask.stop_clear": {
        "en": "One cause is clearly ahead: on to the fixes.",
        "zh": "已有一个原因明显领先，开始修复。",
    },
    "ask.stop_worth": {
        "en": "No question is worth its cost any more: on to the fixes.",
        "zh": "再提问已不值得，开始修复。",
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
    "ask.bits": {"en": "bits", "zh": "bits"},
    "ask.rules": {"en": "rules: {rules}", "zh": "rules: {rules}"},
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
    "store.cannot_delete": {
        "en": "cannot delete {path}: {why}",
        "zh": "无法删除 {path}：{why}",
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
    "cli.answers_count": {"en": "{n} answers", "zh": "{n} answers"},
    "cli.interrupted": {"en": "posdoctor: interrupted", "zh": "posdoctor: interrupted"},
    "cli.kb_has_errors": {
        "en": "posdoctor: error: the knowledge base has errors (run 'posdoctor kb check')",
        "zh": "posdoctor: error: the knowledge base has errors (run 'posdoctor kb check')",
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
    # calls (branch calls)
    "ask.stop_budget": {
        "en": "That is as many questions as a call allows: on to the fixes.",
        "zh": "提问已达一次通话的上限，开始修复。",
    },
    "ask.escalate_another": {
        "en": "The answers point to a cause this knowledge base does not describe: escalate.",
        "zh": "这些回答指向知识库未收录的原因，请升级处理。",
    },
    "ask.escalate_cheaper": {
        "en": "No step left is likely enough to be worth trying before second line: escalate.",
        "zh": "剩下的步骤成功可能太低，不如交给二线，请升级处理。",
    },
    "ask.doubted": {
        "en": "Doubted: {fact} (against rule {rule}; such an answer is right {right} of the time)",
        "zh": "存疑：{fact}（与规则 {rule} 相悖；这类回答的正确率约 {right}）",
    },
}

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
