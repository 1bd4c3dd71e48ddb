/** The one structured logger of the functions (Powertools: JSON lines carrying the Lambda context). */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'registre' });
