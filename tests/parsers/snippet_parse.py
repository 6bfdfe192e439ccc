"""Reads a gomirror snippet on stdin and prints, as JSON, what its format's own parser makes of it.

powershell: tree-sitter-powershell's grammar parses the text; every statement must be an
  assignment of a verbatim (single-quoted) string to `$env:NAME`; the string's value is read as
  PowerShell's tokenizer reads it (a pair of single quotes, of any of the five kinds it treats as
  single quotes, stands for its second character).
dockerfile: BuildKit's own parser (the `dockerfile` package wraps moby/buildkit's
  frontend/dockerfile/parser) parses the text; every ENV word is read as BuildKit's shell lexer
  reads a double-quoted word (a backslash before `"`, `$` or a backslash takes that character;
  any other `$` would be a substitution and is refused). Also prints the instructions in order
  with their flags.

Exit 1 with a message on anything else, so the calling test fails loudly.
"""

import json
import sys

SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def powershell(text):
    import tree_sitter_powershell
    from tree_sitter import Language, Parser

    parser = Parser(Language(tree_sitter_powershell.language()))
    tree = parser.parse(text.encode("utf-8"))
    if tree.root_node.has_error:
        fail("PowerShell does not parse: " + str(tree.root_node))
    values = {}

    def assignments(node):
        if node.type == "assignment_expression":
            yield node
            return
        for child in node.children:
            yield from assignments(child)

    for node in assignments(tree.root_node):
        names = [n for n in walk(node.children[0]) if n.type == "variable"]
        strings = [n for n in walk(node.children[2]) if n.type == "verbatim_string_characters"]
        others = [n for n in walk(node.children[2]) if n.type in ("expandable_string_literal", "variable", "sub_expression")]
        if len(names) != 1 or len(strings) != 1 or others:
            fail("not a plain $env:NAME = '...' assignment: " + node.text.decode())
        name = names[0].text.decode()
        if not name.lower().startswith("$env:"):
            fail("not an environment variable: " + name)
        raw = strings[0].text.decode()
        if raw[0] not in SINGLE_QUOTES or raw[-1] not in SINGLE_QUOTES:
            fail("not single-quoted: " + raw)
        body, out, i = raw[1:-1], [], 0
        while i < len(body):
            c = body[i]
            if c in SINGLE_QUOTES:
                if i + 1 >= len(body) or body[i + 1] not in SINGLE_QUOTES:
                    fail("a lone quote ends the string early: " + raw)
                out.append(body[i + 1])
                i += 2
                continue
            out.append(c)
            i += 1
        values[name[len("$env:"):]] = "".join(out)
    return {"values": values}


def walk(node):
    yield node
    for child in node.children:
        yield from walk(child)


def docker_word(word):
    if len(word) < 2 or word[0] != '"' or word[-1] != '"':
        fail("an ENV value that is not one double-quoted word: " + word)
    body, out, i = word[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body) and body[i + 1] in '"$\\':
            out.append(body[i + 1])
            i += 2
            continue
        if c == "$":
            fail("an unescaped $ is a substitution: " + word)
        if c == '"':
            fail("an unescaped quote ends the word: " + word)
        out.append(c)
        i += 1
    return "".join(out)


def dockerfile(text):
    import dockerfile as parser

    try:
        commands = parser.parse_string(text)
    except parser.GoParseError as e:
        fail("BuildKit does not parse it: " + str(e))
    values, instructions = {}, []
    for c in commands:
        instructions.append({"cmd": c.cmd, "flags": list(c.flags), "value": list(c.value)})
        if c.cmd == "ENV":
            pairs = list(c.value)
            for key, word in zip(pairs[0::2], pairs[1::2]):
                values[key] = docker_word(word)
    return {"values": values, "instructions": instructions}


def main():
    text = sys.stdin.read()
    kind = sys.argv[1]
    if kind == "powershell":
        result = powershell(text)
    elif kind == "dockerfile":
        result = dockerfile(text)
    else:
        fail("unknown format " + kind)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
