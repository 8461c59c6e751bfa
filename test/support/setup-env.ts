import { routeLocalDynamoDb } from '#adapters/dynamo/client';
import { memoryTransport, MEMORY_ENDPOINT_PREFIX } from '../../local/memory-dynamodb';

// Tests read their own assertions, not JSON logs; the logging test turns the logger back on itself.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

// The fast lane (TEST_DYNAMODB=memory): the DynamoDB clients of this test file answer from memory.
if (process.env.TEST_DYNAMODB_ENDPOINT?.startsWith(MEMORY_ENDPOINT_PREFIX)) routeLocalDynamoDb(memoryTransport);
