// spectral:oas as it ships, with one rule's selector narrowed: `oas3-valid-schema-example` also matches objects
// *inside example values* that happen to carry `type` and `default` keys (a DNS record set's `type: SOA`,
// `default: false`) and reports them as invalid schemas (stoplightio/spectral#1972, #2669, open). Example
// values are still checked against their schemas by `oas3-valid-media-example`.
const { oas } = require("@stoplight/spectral-rulesets");
const { oasExample } = require("@stoplight/spectral-rulesets/dist/oas/functions");

const original = oas.rules["oas3-valid-schema-example"];
const outsideExampleValues = (given) =>
  given.replace("[?(@property !== 'properties' && @ &&", "[?(@property !== 'properties' && @ && !/\\['examples?'\\]/.test(@path) &&");

module.exports = {
  extends: [oas],
  rules: {
    "oas3-valid-schema-example": {
      ...original,
      given: original.given.map(outsideExampleValues),
      then: { function: oasExample, functionOptions: original.then.functionOptions },
    },
  },
};
