import { policiesFor, regionalArn, simulate, type DecisionCase } from '../support/simulate';

// GIVEN (for every case) a Custom role with CanvasAIServices only.
const policies = policiesFor({ Persona: 'Custom', Activities: ['CanvasAIServices'] });

describe('CanvasAIServices', () => {
  it.each<DecisionCase>([
    ['allows sentiment analysis', { action: 'comprehend:DetectSentiment', resource: '*' }, 'Allowed'],
    ['allows detecting labels in images', { action: 'rekognition:DetectLabels', resource: '*' }, 'Allowed'],
    ['allows expense analysis', { action: 'textract:AnalyzeExpense', resource: '*' }, 'Allowed'],
    ['allows personal information detection', { action: 'comprehend:DetectPiiEntities', resource: '*' }, 'Allowed'],
    ['denies asynchronous Textract jobs', { action: 'textract:StartDocumentAnalysis', resource: '*' }, 'ImplicitlyDenied'],
    ['denies asynchronous video analysis', { action: 'rekognition:StartLabelDetection', resource: '*' }, 'ImplicitlyDenied'],
    ['denies training custom Comprehend classifiers', { action: 'comprehend:CreateDocumentClassifier', resource: regionalArn('comprehend', 'document-classifier/churn') }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN only the synchronous ready-to-use model calls are allowed
    expect(decision).toBe(expected);
  });
});
