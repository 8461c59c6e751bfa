// Tests read their own assertions, not JSON logs; the logging test turns the logger back on itself.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
