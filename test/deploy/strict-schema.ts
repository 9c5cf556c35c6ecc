/**
 * kubernetes-models' validators check types and required fields but let unknown fields
 * through (its schemas allow additional properties), so a typo such as `readinesProbe`
 * would pass and the probe would silently not exist. This runs the same validator on a
 * proxy of the object and records which fields it looked at: the validator reads every
 * field its schema knows, and enumerates the keys of free-form maps (labels, data), so a
 * field it never read is a field the schema does not know.
 */
export function unknownFields(validate: (this: unknown) => void, object: unknown): string[] {
  const seen = new Map<object, { read: Set<PropertyKey>; enumerated: boolean }>();
  const wrap = (value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value;
    const record = { read: new Set<PropertyKey>(), enumerated: false };
    seen.set(value, record);
    return new Proxy(value, {
      get(target, key, receiver) {
        record.read.add(key);
        return wrap(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        record.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  };
  validate.call(wrap(object));
  const unknown: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, `${path}/${index}`);
      });
      return;
    }
    const record = seen.get(value);
    // Never read at all: a free-form object (x-kubernetes-preserve-unknown-fields).
    if (!record || record.enumerated || record.read.size === 0) return;
    for (const [key, item] of Object.entries(value)) {
      if (!record.read.has(key)) unknown.push(`${path}/${key}`);
      else walk(item, `${path}/${key}`);
    }
  };
  walk(object, '');
  return unknown;
}
