"""The reconciliation rules, in DESIGN.md's order of evidence: each has an id the reports cite and a
one-line rationale. The merge code names the rule that decided every conflict."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    rank: int
    rationale: str


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("R1-override", 1, "A person's reviewed decision in the overrides file outranks every source."),
    Rule("R2-example-type", 2, "The examples show what the API sends: a type they contradict loses."),
    Rule("R2-capture-type", 2, "Captured real responses (build --evidence) show what the API sends: where the "
                               "docs disagree on a type, the one every capture fits wins."),
    Rule("R2-example-shape", 2, "The examples send one X where the table says an array of X (or an array where "
                                "it says one): the table's type in the shape the examples show, its fields kept."),
    Rule("R2-example-null", 2, "An example that sends null makes the field nullable."),
    Rule("R2-example-value", 2, "A value an example sends is a real value: it joins the enum."),
    Rule("R2-example-optional", 2, "A doc example of a body that does without a field the table marks required "
                                   "shows a valid body without it: the field is not required."),
    Rule("R2-example-only", 2, "A field only the examples show is kept, typed from the examples and marked inferred."),
    Rule("R2-example-nameless", 2, "A key only the examples show, with no letter or digit in it (an empty key) "
                                   "or with blanks around a key the body has, or beside a separator inside it "
                                   "('name ' beside 'name', 'binding: profile' beside 'binding:profile'), is a "
                                   "slip in the example, not a field: it is reported, not added."),
    Rule("R2-example-slip", 2, "A key only the examples send that is a table field's name in the other number "
                               "or one letter off (in a word of five letters or more), where no example object "
                               "sends both, is that field, not another: another number keeps the examples' "
                               "spelling (they show what the API sends) unless an example sends the table's "
                               "too; one letter off keeps the spelling whose word other fields of the service "
                               "use where the other's is in none, else the table's."),
    Rule("R2-example-section", 2, "A JSON body under 'example request' of a method without a request body "
                                  "is a response example."),
    Rule("R2-example-foreign", 2, "A response example that shares no key with the body its status documents is "
                                  "another response's (an error's): it is kept as the default response's example. "
                                  "Not one most of whose keys are fields' names slipped (another number, one "
                                  "letter off), nor one whose object under a key carries the fields of the object "
                                  "table a field of the body names (three or more, half of them), nor one that "
                                  "sends the body a level off its table (R2-body-key, R2-unsent-level): that is "
                                  "this body."),
    Rule("R2-example-repaired", 2, "A doc example that is JSON but for a slip (a comma before a closing bracket) "
                                   "is read as the JSON it means; the report names the slip."),
    Rule("R2-example-fields", 2, "An object the tables give no fields for takes its fields from what the "
                                 "examples send there, marked inferred."),
    Rule("R2-bodiless-answer", 2, "HTTP sends no body with a HEAD answer, a 204 or a 304: a body the page "
                                  "documents there is not declared (its schema stays in components, unreferenced)."),
    Rule("R2-example-format", 2, "A format the page states (a date-time pattern, UUID, IPv4 address) that the "
                                 "field's examples do not fit is left out: the examples show what the API sends."),
    Rule("R2-body-shape", 2, "Pages disagree on whether a body is an array (one writes a placeholder row for it, "
                             "another lists fields): the examples' shape decides, else the language priority. A "
                             "table of fields whose every example is an array of such objects: an array of them."),
    Rule("R2-body-key", 2, "A body table whose fields every example of its page sends under one top key the "
                           "table does not list documents that key's object: the body is {key: the table's "
                           "object}, as the examples show it."),
    Rule("R2-unsent-level", 2, "An object table whose fields no example sends at its place, while every example "
                               "sends there most fields of the object one of its rows holds, documents a level "
                               "the wire does not have: the place holds that row's object, as the examples show "
                               "it (the body-key level's mirror)."),
    Rule("R2-namesakes-apart", 2, "Tables of one name in different operations, pages of one language, whose "
                                  "common fields the two type differently, each one's examples sending its own "
                                  "type (an API version that changed the object), are two objects: two schemas, "
                                  "not one with a field of two types. Where the examples show neither, or one "
                                  "side sends the other's type, they stay one schema and the field's conflict "
                                  "stays for a person."),
    Rule("R3-placeholder-body", 3, "A body table whose one row is a bracketed placeholder ([数组], [Array]) lists "
                                   "no field: the row names the body itself, which has the row's type (an array "
                                   "of the item objects its table lists)."),
    Rule("R3-examples-disagree", 3, "Examples of one field that disagree among themselves in kind (at one place, "
                                    "or `0` on one page and `\"0\"` on another) are evidence of neither: the type "
                                    "the tables agree on decides (the service's tables, for a field no table "
                                    "here lists); no agreement, every kind stays (R4-unresolved)."),
    Rule("R3-union-fields", 3, "A field only some sources list is kept and marked with the sources that list it."),
    Rule("R3-union-enum", 3, "Enum values are united: a value any source names is a value the API may send."),
    Rule("R3-enum-superset", 3, "One source's enum list holds every value the others list and more (a revision "
                                "that added values, a page that lists them all): that list, which is the union; "
                                "the values each other source lacks are named."),
    Rule("R3-required-any", 3, "A request parameter that any source requires is required: sending it "
                               "satisfies every source."),
    Rule("R3-cell-reading", 3, "A cell that is not what its column promises is read for what it holds: a "
                               "condition in the Mandatory column is not a requirement (it stays in the "
                               "description); a row's swapped Type and Mandatory cells are read swapped; a one-word "
                               "Type cell one letter off a scalar type word (Booleab) is that type."),
    Rule("R3-action-key", 3, "Operations sharing a method and path are told apart by their body's top key: "
                             "each action requires its key, the request is a oneOf of the actions."),
    Rule("R3-required-absent", 3, "A body field another page of the same language does not list at that "
                                  "place is not required: that page's body (another variant of the request) is "
                                  "valid without it."),
    Rule("R3-name-majority", 3, "One schema, one name: the name most sources use, ties to the language "
                                "priority; the other names are kept as aliases."),
    Rule("R3-path-match", 3, "Pages of two languages whose request lines differ in form only (a version segment "
                             "written two ways, '-' for '_') and whose tables list mostly the same fields document "
                             "one operation; the line of the language first in priority is kept, the other shown."),
    Rule("R3-type-refines", 3, "Type candidates of which one says more and the others only less (an array "
                               "whose items no source names beside an array of X, an object beside a named "
                               "object type, a number beside an integer): the one that says more decides, "
                               "if every example fits it."),
    Rule("R3-congruent-field", 3, "One field of one response schema has one object type: the object tables it "
                                  "points at on different pages, whose fields agree (one page lists none, one "
                                  "holds the other's, or half or more are shared), are one object documented "
                                  "several times and become one schema; fields mostly apart stay apart."),
    Rule("R3-repeated-parameter", 3, "A parameter one page types as a value and another as an array of such "
                                     "values: the array. One value sent is an array of one on the wire, so "
                                     "every request the single form allows, the array allows too."),
    Rule("R3-language-priority", 3, "Between languages with no other evidence, the service's stated language "
                                    "priority decides."),
    Rule("R3-schema-collision", 3, "Two different schemas with one name: the later one is renamed after its "
                                   "operation."),
    Rule("R3-unique-operation-id", 3, "Two operations with one name: the later one (by path) takes a suffix from "
                                      "its own path parameter or version."),
    Rule("R3-tag-resource", 3, "One tag per resource: the spellings of one path segment (singular or plural, "
                               "case, '-' or '_') are one tag, named as most of its operations spell it."),
    Rule("R3-error-body", 3, "Every error response carries the service's error body where its page documents "
                             "none: the body the error-code page, the documented error bodies or most error "
                             "examples show, else the error-code page's code and message; an operation with no "
                             "error response takes the shared status-code page's. Not a HEAD operation's: no answer "
                             "to HEAD has a body."),
    Rule("R3-error-body-shared", 3, "Error bodies the pages document with the same fields, of the same types, "
                                    "are one body: the shared error body where they are its fields (each typed "
                                    "as there, or with less said of its type), else one schema of their own; "
                                    "not one schema per operation and status."),
    Rule("R3-error-statuses", 3, "An operation that documents error answers but no 4xx one (only `default`, or "
                                  "only 5xx) takes the 4xx answers the service's status-code page lists as its "
                                  "general ones, with the shared error body: the page says the service answers so."),
    Rule("R3-success-status", 3, "An operation whose pages name no success status answers with the success "
                                  "status the service's status-code page names for its method ('204: normal "
                                  "response to DELETE requests'); where the page names none, '2XX' and a gap."),
    Rule("R3-stated-format", 3, "A string field's format is the one its type cell or description states (a "
                                "date-time or date pattern, ISO 8601, UUID format, an IPv4/IPv6 address, an "
                                "e-mail address, a URL): the spec says it, the models keep the string."),
    Rule("R4-unresolved", 4, "Nothing decides: every candidate is kept (anyOf in the spec) and "
                             "build --strict fails until a person decides."),
    Rule("R4-example-invalid", 4, "A doc example the built spec rejects: a person must decide which is wrong."),
)}
