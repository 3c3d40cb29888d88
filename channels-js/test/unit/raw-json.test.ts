import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonSyntaxError, RawJson, rawJson, rawMember } from "channels-js";

// The scanner that slices a frame's body raw (rawMember) and checks a raw body (RawJson).

/** Bodies a JSON.parse + JSON.stringify round trip would change, each as its own text. */
const TRICKY = [
  "1e2",
  "-0",
  "12345678901234567890",
  "1.50",
  "-1.25E-7",
  "0",
  '"\\u00e9 \\"quoted\\" back\\\\slash \\/ \\b\\f\\n\\r\\t \\ud800"',
  '"é, 中文, 😀"',
  '"a } ] , : { [ in a string"',
  '{"n":1e2,"z":-0,"s":"\\u00e9","d":1.50, "a" : [ 1E-7 ,true]}',
  '{ "body" : { "body" : [ ] } , "x" : { } }',
  '[ ]',
  '{}',
  "[[[[1]],[[2,[3]]]],{\"a\":{\"b\":{\"c\":[null,false,true]}}}]",
  "\"\"",
  "null",
  "true",
  "false",
];

/** Go's key order (json.RawMessage body in the middle), with body = `body`. */
const goFrame = (body: string) =>
  `{"correlationId":"","appId":"","clientID":"c-1","userId":"","expiration":null,"body":${body},`
  + `"messageId":"m-1","channelId":"room-1","timestamp":"2026-12-01T09:12:53.126945123Z","type":"chat","headers":{}}`;

test("the body of a frame is sliced exactly as written, whatever it holds", () => {
  for (const body of TRICKY) {
    for (const frame of [
      goFrame(body),
      `{"type":"chat","body":${body}}`,            // body last (our clients)
      `{"body":${body},"type":"chat"}`,            // body first
      ` \n{ "type" : "chat" ,\r\n\t"body"\t:  ${body}  \n} \n`, // whitespace everywhere JSON allows it
    ]) {
      assert.equal(rawMember(frame, "body"), body, frame);
      assert.deepEqual(JSON.parse(rawMember(frame, "body")!), JSON.parse(frame).body, "the slice is the parsed body's text");
    }
  }
});

test("a body key inside a nested value or inside a string is not the body", () => {
  const frame = '{"headers":{"body":["x"]},"note":"\\"body\\":1","type":"t","body":[1,{"body":2}]}';
  assert.equal(rawMember(frame, "body"), '[1,{"body":2}]');
  assert.equal(rawMember('{"headers":{"body":1},"type":"t"}', "body"), undefined);
});

test("no body key: undefined; a null body: the text null", () => {
  assert.equal(rawMember('{"type":"chat"}', "body"), undefined);
  assert.equal(rawMember("{}", "body"), undefined);
  assert.equal(rawMember(' { } ', "body"), undefined);
  assert.equal(rawMember('{"type":"chat","body":null}', "body"), "null");
});

test("a duplicate key gives the last one (as JSON.parse does); an escaped key matches", () => {
  const dup = '{"body":1,"type":"t","body":[2]}';
  assert.equal(rawMember(dup, "body"), "[2]");
  assert.deepEqual(JSON.parse(dup).body, [2]);
  assert.equal(rawMember('{"b\\u006fdy":1e2}', "body"), "1e2");
  assert.equal(rawMember('{"bod":1,"bodyx":2,"body":3}', "body"), "3");
});

test("huge numbers and exponents keep their digits in the raw text (the parsed body cannot)", () => {
  const frame = '{"type":"t","body":{"id":12345678901234567890,"big":1e400,"tiny":-1e-400}}';
  assert.equal(rawMember(frame, "body"), '{"id":12345678901234567890,"big":1e400,"tiny":-1e-400}');
  const parsed = JSON.parse(frame).body;
  assert.equal(parsed.id, 12345678901234567000);
  assert.equal(parsed.big, Infinity);
});

test("deep nesting does not overflow the stack (the scanner keeps its own stack)", () => {
  const depth = 200_000;
  const body = "[".repeat(depth) + "]".repeat(depth);
  assert.equal(rawMember(`{"body":${body}}`, "body"), body);
  assert.equal(new RawJson(body).text, body);
  assert.throws(() => rawMember(`{"body":${"[".repeat(depth)}}`, "body"), JsonSyntaxError);
});

test("malformed JSON throws a JsonSyntaxError saying what and where; JSON.parse refuses each of them too", () => {
  const cases: [string, RegExp, number][] = [
    ["", /no JSON value at offset 0/, 0],
    ["  ", /no JSON value at offset 2/, 2],
    ["not json", /not a JSON object at offset 0/, 0],
    ["[1,2]", /not a JSON object/, 0],
    ['"body"', /not a JSON object/, 0],
    ['{"body":1e}', /expected a digit, found "}" at offset 10/, 10],
    ['{"body":1.}', /expected a digit/, 10],
    ['{"body":.5}', /expected a JSON value, found "." at offset 8/, 8],
    ['{"body":+1}', /expected a JSON value, found "\+"/, 8],
    ['{"body":-}', /expected a digit, found "}"/, 9],
    ['{"body":01}', /expected ',' or '}', found "1" at offset 9/, 9],
    ['{"body":tru}', /expected a JSON value/, 8],
    ['{"body":nul', /expected a JSON value/, 8],
    ['{"body":"abc}', /unterminated string \(opened at offset 8\) at offset 13/, 13],
    ['{"body":"a\\x"}', /bad escape \\x in a string at offset 10/, 10],
    ['{"body":"\\u12G4"}', /bad \\u escape in a string at offset 9/, 9],
    ['{"body":"\\', /bad escape \\ in a string/, 9],
    ['{"body":"tab\there"}', /control character in a string \(escape it\) at offset 12/, 12],
    ['{"body":[1,2}', /expected ',' or '\]', found "}" at offset 12/, 12],
    ['{"body":[1,]}', /expected a JSON value, found "\]"/, 11],
    ['{"body":{"a" 1}}', /expected ':', found "1" at offset 13/, 13],
    ['{"body":{"a":1,}}', /expected a string key, found "}"/, 15],
    ['{"body":{a:1}}', /expected a string key, found "a"/, 9],
    ['{"body":1,}', /expected a string key, found "}" at offset 10/, 10],
    ['{"body" 1}', /expected ':', found "1"/, 8],
    ['{"body":1', /expected ',' or '}', found the end at offset 9/, 9],
    ['{"body":1} x', /text after the JSON object at offset 11/, 11],
    ['{"body":1}{}', /text after the JSON object/, 10],
    ['{"body":[', /expected a JSON value, found the end/, 9],
  ];
  for (const [text, message, offset] of cases) {
    if (!/not a JSON object/.test(message.source)) assert.throws(() => JSON.parse(text), SyntaxError, `JSON.parse refuses ${text}`);
    assert.throws(() => rawMember(text, "body"), (e: unknown) => {
      assert.ok(e instanceof JsonSyntaxError, `${text}: ${e}`);
      assert.match(e.message, message, text);
      assert.equal(e.offset, offset, `${text}: ${e.message}`);
      return true;
    });
  }
});

test("RawJson keeps the text of one JSON value, drops the whitespace around it, and refuses anything else", () => {
  for (const body of TRICKY) assert.equal(rawJson(body).text, body);
  assert.equal(rawJson(" \n\t{ \"a\" : 1e2 }\r\n ").text, '{ "a" : 1e2 }');
  assert.throws(() => rawJson(""), /JsonSyntaxError: raw JSON: expected a JSON value, found the end at offset 0$/);
  assert.throws(() => rawJson("{\"a\":1"), /expected ',' or '}', found the end at offset 6/);
  assert.throws(() => rawJson("1 2"), /raw JSON: text after the JSON value at offset 2/);
  assert.throws(() => rawJson("undefined"), JsonSyntaxError);
  assert.throws(() => rawJson("NaN"), JsonSyntaxError);
  assert.throws(() => rawJson("'single'"), JsonSyntaxError);
  assert.throws(() => rawJson(42 as unknown as string), /raw JSON must be a string, not number/);
});

test("RawJson is only a whole body: JSON.stringify of a value holding one throws", () => {
  assert.throws(() => JSON.stringify({ inner: rawJson("1") }), /a RawJson can only be a whole message body/);
});

/** A small seeded PRNG (mulberry32), so a failure is reproducible. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("random JSON with random spacing, number forms and escapes: the slice is the text generated (10,000 frames)", () => {
  const random = prng(15);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const ws = () => (random() < 0.7 ? "" : pick([" ", "  ", "\n", "\r\n\t", "\t "]));
  const digits = (n: number) => Array.from({ length: n }, () => pick("0123456789".split(""))).join("");
  const number = () => {
    const int = random() < 0.2 ? "0" : pick("123456789".split("")) + digits(Math.floor(random() * 25));
    return (random() < 0.3 ? "-" : "") + int + (random() < 0.3 ? "." + digits(1 + Math.floor(random() * 5)) : "")
      + (random() < 0.3 ? pick(["e", "E"]) + pick(["", "+", "-"]) + digits(1 + Math.floor(random() * 3)) : "");
  };
  const string = () => '"' + Array.from({ length: Math.floor(random() * 8) }, () =>
    pick(["a", "é", "😀", " ", "}", "]", ",", ":", "{", "[", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\uD83D\\uDE00", "body"])).join("") + '"';
  const value = (depth: number): string => {
    const r = random();
    if (depth > 4 || r < 0.4) return pick([number, string, () => pick(["true", "false", "null"])])();
    const n = Math.floor(random() * 4);
    if (r < 0.7) return "[" + ws() + Array.from({ length: n }, () => value(depth + 1)).join(ws() + "," + ws()) + ws() + "]";
    return "{" + ws() + Array.from({ length: n }, () => string() + ws() + ":" + ws() + value(depth + 1))
      .join(ws() + "," + ws()) + ws() + "}";
  };
  for (let i = 0; i < 10_000; i++) {
    const body = value(0);
    const members = [`"type"${ws()}:${ws()}"chat"`, `"headers"${ws()}:${ws()}{"body":["x"]}`, `"clientID":${string()}`]
      .sort(() => random() - 0.5);
    members.splice(Math.floor(random() * (members.length + 1)), 0, `"body"${ws()}:${ws()}${body}`);
    const frame = ws() + "{" + ws() + members.join(ws() + "," + ws()) + ws() + "}" + ws();
    assert.equal(rawMember(frame, "body"), body, frame);
    assert.deepEqual(JSON.parse(body), JSON.parse(frame).body, frame);
    assert.equal(rawJson(ws() + body + ws()).text, body);
  }
});
