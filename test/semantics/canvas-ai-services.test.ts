import { policiesFor, regionalArn, simulate, type DecisionCase } from '../support/simulate';

// GIVEN (for every case) a Custom role with CanvasAIServices only.
const policies = policiesFor({ Persona: 'Custom', Activities: ['CanvasAIServices'] });

describe('CanvasAIServices', () => {
  it.each<DecisionCase>([
    ['allows sentiment analysis', { action: 'comprehend:DetectSentiment', resource: '*' }, 'Allowed'],
    ['allows detecting labels in images', { action: 'rekognition:DetectLabels', resource: '*' }, 'Allowed'],
    ['allows expense analysis', { action: 'textract:AnalyzeExpense', resource: '*' }, 'Allowed'],
    ['allows personal information detection', { action: 'comprehend:DetectPiiEntities', resource: '*' }, 'Allowed'],
    // Defect 2: asynchronous Textract and Amazon Bedrock, as AWS's AI Services and Bedrock policies allow.
    ['allows asynchronous document analysis of large documents', { action: 'textract:StartDocumentAnalysis', resource: '*' }, 'Allowed'],
    ['allows chatting with a foundation model', { action: 'bedrock:InvokeModel', resource: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0' }, 'Allowed'],
    ['allows streaming answers through an inference profile', { action: 'bedrock:InvokeModelWithResponseStream', resource: regionalArn('bedrock', 'inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0') }, 'Allowed'],
    ['allows listing foundation models', { action: 'bedrock:ListFoundationModels', resource: '*' }, 'Allowed'],
    ['allows the chat working files in the default bucket', { action: 's3:PutObject', resource: 'arn:aws:s3:::sagemaker-us-east-1-111122223333/Canvas/chat/1.json' }, 'Allowed'],
    ['denies reading fine-tuned models (deliberate omission)', { action: 'bedrock:GetCustomModel', resource: regionalArn('bedrock', 'custom-model/canvas-ft') }, 'ImplicitlyDenied'],
    ['denies other prefixes of the default bucket', { action: 's3:GetObject', resource: 'arn:aws:s3:::sagemaker-us-east-1-111122223333/other-team/data.csv' }, 'ImplicitlyDenied'],
    ['denies asynchronous video analysis', { action: 'rekognition:StartLabelDetection', resource: '*' }, 'ImplicitlyDenied'],
    ['denies training custom Comprehend classifiers', { action: 'comprehend:CreateDocumentClassifier', resource: regionalArn('comprehend', 'document-classifier/churn') }, 'ImplicitlyDenied'],
  ])('%s', async (_name, request, expected) => {
    // WHEN the request is simulated against the role's policies
    const decision = await simulate(policies, request);
    // THEN the ready-to-use models and foundation models are usable, nothing more
    expect(decision).toBe(expected);
  });
});
